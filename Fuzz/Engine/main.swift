// libFuzzer target over `FuzzChecks.document`: it must return normally for any input; a crash is a bug.
// Build and run: see Fuzz/README.md.
import FuzzDriver
import StanceKit

FuzzDriver.run(FuzzChecks.document)
