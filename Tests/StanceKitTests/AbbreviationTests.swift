import Testing

@testable import StanceKit

/// Every abbreviation the splitter knows keeps its period inside the sentence, and words that
/// are not abbreviations (or differ by a letter or case) end it: the look-up table must find
/// each of its keys, whatever slot they landed in.
@Suite struct AbbreviationTests {
    static func sentenceCount(_ text: String) -> Int {
        Array(text.utf8).withUnsafeBufferPointer { SentenceSplitter.sentences(in: $0).count }
    }

    @Test func everyAbbreviationKeepsItsSentenceGoing() {
        #expect(SentenceSplitter.abbreviations.count > 80)
        for word in SentenceSplitter.abbreviations where word != "No" && word != "Nos" {
            #expect(AbbreviationTests.sentenceCount("They met \(word). Smith left.") == 1, "\(word)")
        }
        // "No." abbreviates only before a number.
        #expect(AbbreviationTests.sentenceCount("They met No. 5 there.") == 1)
        #expect(AbbreviationTests.sentenceCount("They said No. Smith left.") == 2)
    }

    @Test func otherWordsEndTheSentence() {
        for word in ["Mrx", "Gove", "Tues", "Ab", "Inco", "Senator", "Abcdefghi", "MR", "gov"] {
            #expect(AbbreviationTests.sentenceCount("They met \(word). Smith left.") == 2, "\(word)")
        }
    }
}
