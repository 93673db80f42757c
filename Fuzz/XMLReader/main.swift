// libFuzzer target over `XMLFuzzChecks.nativeXML`: it must return normally for any input; a crash is a bug.
// Build and run: see Fuzz/README.md.
import FuzzDriver
import StanceKitXML

FuzzDriver.run(XMLFuzzChecks.nativeXML)
