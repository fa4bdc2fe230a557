import Foundation
import Synchronization

/// Runs a program directly (no shell) with pipes for its output, and stops it when it takes too long.
enum ChildProcess {
    struct Output: Sendable {
        var status: Int32
        var standardOutput: Data
        var standardError: Data
        var timedOut: Bool
    }

    /// Runs `executable` with `arguments` and exactly `environment`; standard input is empty.
    /// - Throws: when the program cannot be started.
    static func run(executable: String, arguments: [String], environment: [String: String], timeout: Duration) async throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        let standardOutput = Pipe()
        let standardError = Pipe()
        process.standardOutput = standardOutput
        process.standardError = standardError
        process.standardInput = FileHandle.nullDevice
        let (exits, exited) = AsyncStream<Int32>.makeStream()
        let finished = Mutex(false)
        process.terminationHandler = { process in
            finished.withLock { $0 = true }
            exited.yield(process.terminationStatus)
            exited.finish()
        }
        try process.run()
        let timedOut = Mutex(false)
        let pid = process.processIdentifier
        let timer = Task {
            try await Task.sleep(for: timeout)
            guard !finished.withLock({ $0 }) else { return }
            timedOut.withLock { $0 = true }
            kill(pid, SIGKILL)
        }
        let (outputHandle, errorHandle) = (standardOutput.fileHandleForReading, standardError.fileHandleForReading)
        async let output = readAll(outputHandle)
        async let errors = readAll(errorHandle)
        var status: Int32 = -1
        for await code in exits { status = code }
        timer.cancel()
        return Output(status: status, standardOutput: await output, standardError: await errors, timedOut: timedOut.withLock { $0 })
    }

    /// Everything `handle` gives until its end, read on a thread that may block.
    private static func readAll(_ handle: FileHandle) async -> Data {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: handle.readDataToEndOfFile()) }
        }
    }
}
