/// Regular English inflections of a cue word, by spelling rules, with no dictionary.
///
/// `urge` → urge, urges, urged, urging; `deny` → denies, denied, denying; `stop` → stops,
/// stopped, stopping. Where the doubling of a final consonant depends on stress (`admit` →
/// admitted, `visit` → visited) both spellings are produced; the wrong one never occurs in text,
/// so it costs nothing. Common irregular verbs (`say` → said, `write` → wrote, written) come from
/// a built-in table; other irregular forms must be listed as words of their own.
enum Inflection {
    static let vowels: Set<Character> = ["a", "e", "i", "o", "u"]

    /// Past forms of common irregular verbs.
    static let irregular: [String: [String]] = [
        "say": ["said"], "tell": ["told"], "write": ["wrote", "written"], "speak": ["spoke", "spoken"],
        "think": ["thought"], "take": ["took", "taken"], "give": ["gave", "given"], "make": ["made"],
        "see": ["saw", "seen"], "know": ["knew", "known"], "come": ["came"], "go": ["went", "gone"],
        "feel": ["felt"], "find": ["found"], "hold": ["held"], "keep": ["kept"], "lead": ["led"],
        "mean": ["meant"], "meet": ["met"], "pay": ["paid"], "seek": ["sought"], "sell": ["sold"],
        "send": ["sent"], "stand": ["stood"], "strike": ["struck"], "win": ["won"], "lose": ["lost"],
        "fight": ["fought"], "forgive": ["forgave", "forgiven"], "forbid": ["forbade", "forbidden"],
        "hit": ["hit"], "quit": ["quit"], "bid": ["bid"], "break": ["broke", "broken"], "bring": ["brought"],
        "buy": ["bought"], "catch": ["caught"], "choose": ["chose", "chosen"], "deal": ["dealt"],
        "draw": ["drew", "drawn"], "drive": ["drove", "driven"], "fall": ["fell", "fallen"],
        "forget": ["forgot", "forgotten"], "get": ["got", "gotten"], "hear": ["heard"], "hide": ["hid", "hidden"],
        "leave": ["left"], "let": ["let"], "put": ["put"], "rise": ["rose", "risen"], "run": ["ran"],
        "set": ["set"], "shake": ["shook", "shaken"], "shoot": ["shot"], "show": ["shown"], "shut": ["shut"],
        "sing": ["sang", "sung"], "sit": ["sat"], "slam": ["slammed"], "spend": ["spent"], "swear": ["swore", "sworn"],
        "teach": ["taught"], "tear": ["tore", "torn"], "throw": ["threw", "thrown"], "understand": ["understood"],
        "undermine": ["undermined"], "withdraw": ["withdrew", "withdrawn"], "uphold": ["upheld"],
        "overthrow": ["overthrew", "overthrown"], "betray": ["betrayed"], "praise": ["praised"],
    ]

    /// The word and its regular inflections, lower-cased, without duplicates.
    /// - Complexity: O(length of the word).
    static func forms(of word: String) -> [String] {
        let base = word.lowercased()
        guard base.count >= 2, base.allSatisfy({ $0.isLetter }) else { return [word] }
        let chars = Array(base)
        let last = chars[chars.count - 1]
        let beforeLast = chars[chars.count - 2]
        let endsConsonantY = last == "y" && !vowels.contains(beforeLast)
        var forms = [base]

        // -s
        if base.hasSuffix("s") || base.hasSuffix("x") || base.hasSuffix("z") || base.hasSuffix("ch")
            || base.hasSuffix("sh")
        {
            forms.append(base + "es")
        } else if endsConsonantY {
            forms.append(String(chars.dropLast()) + "ies")
        } else {
            forms.append(base + "s")
        }

        // Consonant-vowel-consonant endings may double their last consonant.
        let doubles =
            chars.count >= 3 && !vowels.contains(last) && !"wxy".contains(last) && vowels.contains(beforeLast)
            && !vowels.contains(chars[chars.count - 3])
        let doubled = base + String(last)

        // -ed (irregular verbs take theirs from the table below)
        if irregular[base] != nil {
        } else if last == "e" {
            forms.append(base + "d")
        } else if endsConsonantY {
            forms.append(String(chars.dropLast()) + "ied")
        } else {
            forms.append(base + "ed")
            if doubles { forms.append(doubled + "ed") }
        }

        // -ing
        if base.hasSuffix("ie") {
            forms.append(String(chars.dropLast(2)) + "ying")
        } else if last == "e" && !base.hasSuffix("ee") && !base.hasSuffix("ye") && !base.hasSuffix("oe") {
            forms.append(String(chars.dropLast()) + "ing")
        } else {
            forms.append(base + "ing")
            if doubles { forms.append(doubled + "ing") }
        }
        forms += irregular[base] ?? []
        var seen: Set<String> = []
        return forms.filter { seen.insert($0).inserted }
    }
}
