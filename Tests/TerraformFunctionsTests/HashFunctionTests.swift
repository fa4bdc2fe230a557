import Foundation
import Testing
import TerraformModel

@testable import TerraformFunctions

@Suite("Hash and UUID functions") struct HashFunctionTests {
    @Test("Digests of a string give the documented results")
    func strings() throws {
        #expect(try call("md5", s("hello world")) == s("5eb63bbbe01eeed093cb22bb8f5acdc3"))
        #expect(try call("sha1", s("hello world")) == s("2aae6c35c94fcfb415dbe95f408b9ce91ee846ed"))
        #expect(try call("sha256", s("hello world")) == s("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"))
        #expect(
            try call("sha512", s("hello world"))
                == s(
                    "309ecc489c12d6eb4cc40f50c902f2b4d0ed77ee511a7c7a9bcd3ca86d4cd86f989dd35bc5ff499670da34255b45b0cfd830e81f605dcf7dc5542e93ae9cd76f"
                ))
        #expect(try call("base64sha256", s("hello world")) == s("uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek="))
        #expect(
            try call("base64sha512", s("hello world"))
                == s("MJ7MSJwS1utMxA9QyQLytNDtd+5RGnx6m808qG1M2G+YndNbxf9JlnDaNCVbRbDP2DDoH2Bdz33FVC6TrpzXbw=="))
    }

    @Test("File digests read the file relative to the module")
    func files() throws {
        let folder = try ScratchFolder()
        try folder.write("hello.txt", "hello world")
        #expect(try call("filemd5", s("hello.txt"), in: folder.path) == s("5eb63bbbe01eeed093cb22bb8f5acdc3"))
        #expect(try call("filesha1", s("hello.txt"), in: folder.path) == s("2aae6c35c94fcfb415dbe95f408b9ce91ee846ed"))
        #expect(
            try call("filesha256", s("hello.txt"), in: folder.path) == s("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9")
        )
        #expect(try call("filesha512", s("hello.txt"), in: folder.path).stringValue?.hasPrefix("309ecc489c12d6eb") == true)
        #expect(try call("filebase64sha256", s("hello.txt"), in: folder.path) == s("uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek="))
        #expect(try call("filebase64sha512", s("hello.txt"), in: folder.path).stringValue?.hasPrefix("MJ7MSJwS1utMxA9Q") == true)
        #expect(failure("filemd5", s("absent.txt"), in: folder.path)?.isFailed == true)
    }

    @Test("uuidv5 gives the documented results for each namespace")
    func uuidv5() throws {
        #expect(try call("uuidv5", s("dns"), s("www.terraform.io")) == s("a5008fae-b28c-5ba5-96cd-82b4c53552d6"))
        #expect(try call("uuidv5", s("url"), s("https://www.terraform.io/")) == s("9db6f67c-dd95-5ea0-aa5b-e70e5c5f7cf5"))
        #expect(try call("uuidv5", s("oid"), s("1.3.6.1.4")) == s("af9d40a5-7a36-5c07-b23a-851cd99fbfa5"))
        #expect(try call("uuidv5", s("x500"), s("CN=Example,C=GB")) == s("84e09961-4aa4-57f8-95b7-03edb1073253"))
        #expect(
            try call("uuidv5", s("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), s("www.terraform.io"))
                == s("a5008fae-b28c-5ba5-96cd-82b4c53552d6"))
        #expect(
            try call("uuidv5", s("743ac3c0-3bf7-4a5b-9e6c-59360447c757"), s("LIBS:diskfont.library"))
                == s("ede1a974-df7e-5f17-84b9-76208818b2c8"))
        #expect(failure("uuidv5", s("nope"), s("x"))?.description.contains("doesn't support namespace nope") == true)
    }

    @Test("uuid, bcrypt and rsadecrypt are unknown, but bcrypt still checks its arguments")
    func unknowable() throws {
        #expect(try call("uuid").isUnknown)
        #expect(try call("bcrypt", s("secret")).isUnknown)
        #expect(try call("bcrypt", s("secret"), n(10)).isUnknown)
        #expect(failure("bcrypt", s("secret"), n(99))?.isInvalidArguments == true)
        #expect(failure("bcrypt", t())?.isInvalidArguments == true)
        #expect(try call("rsadecrypt", s("abc"), s("key")).isUnknown)
    }
}
