import Foundation
import Testing
import TerraformModel

@testable import TerraformFunctions

@Suite("Filesystem functions") struct FileFunctionTests {
    @Test("basename, dirname and abspath work as Go's filepath does")
    func paths() throws {
        #expect(try call("basename", s("foo/bar/baz.txt")) == s("baz.txt"))
        #expect(try call("basename", s("foo/bar/")) == s("bar"))
        #expect(try call("basename", s("")) == s("."))
        #expect(try call("dirname", s("foo/bar/baz.txt")) == s("foo/bar"))
        #expect(try call("dirname", s("baz.txt")) == s("."))
        #expect(try call("dirname", s("/baz.txt")) == s("/"))
        #expect(try call("abspath", s("a/../b/./c"), in: "/work/root") == s("/work/root/b/c"))
        #expect(try call("abspath", s("/etc//x/")) == s("/etc/x"))
        #expect(try call("pathexpand", s("/etc/resolv.conf")) == s("/etc/resolv.conf"))
        if let home = ProcessInfo.processInfo.environment["HOME"] {
            #expect(try call("pathexpand", s("~/.ssh/id_rsa")) == s(home + "/.ssh/id_rsa"))
        }
    }

    @Test("file, filebase64 and fileexists read relative to the module; a missing file fails")
    func reading() throws {
        let folder = try ScratchFolder()
        try folder.write("hello.txt", "Hello World")
        try folder.write("binary.bin", Data([0xFF, 0xFE]))
        #expect(try call("file", s("hello.txt"), in: folder.path) == s("Hello World"))
        #expect(try call("file", s(folder.path + "/hello.txt")) == s("Hello World"))
        #expect(try call("filebase64", s("hello.txt"), in: folder.path) == s("SGVsbG8gV29ybGQ="))
        #expect(try call("fileexists", s("hello.txt"), in: folder.path) == b(true))
        #expect(try call("fileexists", s("nope.txt"), in: folder.path) == b(false))
        #expect(failure("fileexists", s("."), in: folder.path)?.description.contains("is a directory, not a file") == true)
        let missing = failure("file", s("nope.txt"), in: folder.path)
        #expect(missing?.isFailed == true)
        #expect(missing?.description.contains("no file exists at nope.txt") == true)
        #expect(failure("file", s("binary.bin"), in: folder.path)?.description.contains("not valid UTF-8") == true)
        // A sensitive path is never printed.
        let secretPath = try call("sensitive", s("secret-name.txt"))
        #expect(failure("file", secretPath, in: folder.path)?.description.contains("secret-name") == false)
    }

    @Test("fileset matches globs with * ? [] {} and ** and returns relative paths")
    func globbing() throws {
        let folder = try ScratchFolder()
        for name in ["files/hello.txt", "files/world.txt", "files/readme.md", "files/subdirectory/anotherfile.txt"] {
            try folder.write(name, "x")
        }
        #expect(try call("fileset", s("."), s("files/*.txt"), in: folder.path) == .set([s("files/hello.txt"), s("files/world.txt")]))
        #expect(
            try call("fileset", s("."), s("files/{hello,world}.txt"), in: folder.path)
                == .set([s("files/hello.txt"), s("files/world.txt")]))
        #expect(try call("fileset", s("files"), s("*"), in: folder.path) == .set([s("hello.txt"), s("readme.md"), s("world.txt")]))
        #expect(
            try call("fileset", s("files"), s("**"), in: folder.path)
                == .set([s("hello.txt"), s("readme.md"), s("subdirectory/anotherfile.txt"), s("world.txt")]))
        #expect(try call("fileset", s("files"), s("**/*.txt"), in: folder.path).elements?.count == 3)
        #expect(try call("fileset", s("files"), s("[hw]?llo.*"), in: folder.path) == .set([s("hello.txt")]))
        #expect(try call("fileset", s("files"), s("[!h]*.txt"), in: folder.path) == .set([s("world.txt")]))
        #expect(try call("fileset", s("absent"), s("*"), in: folder.path) == .set([]))
        // Many stars backtrack in linear steps, not exponential ones.
        let stars = String(repeating: "*a", count: 30) + "*z"
        #expect(try call("fileset", s("files"), s(stars), in: folder.path) == .set([]))
        #expect(try call("fileset", s("files"), s("*e*l*o*"), in: folder.path) == .set([s("hello.txt")]))
    }
}
