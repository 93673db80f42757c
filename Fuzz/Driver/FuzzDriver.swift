// The libFuzzer entry points shared by the fuzz targets: each target's main hands its check to
// `FuzzDriver.run`, which starts libFuzzer's driver on it.
import Glibc

public enum FuzzDriver {
    /// The check of the running target; set once, before the driver starts.
    nonisolated(unsafe) static var check: ([UInt8]) -> Void = { _ in }

    /// Runs libFuzzer on `check` with the process's arguments, and exits with its status.
    public static func run(_ check: @escaping ([UInt8]) -> Void) -> Never {
        FuzzDriver.check = check
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzDriver.check(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt
