import Foundation
import XCTest
@testable import SiftKernel

/// Signing and the wire format: what a real Jupyter client checks first.
final class MessageTests: XCTestCase {
    func testHMACMatchesRFC4231() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        let signer = MessageSigner(key: "Jefe")
        let hex = String(decoding: signer.sign([Array("what do ya want ".utf8), Array("for nothing?".utf8)]), as: UTF8.self)
        XCTAssertEqual(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    func testRoundTripAndForgery() throws {
        let signer = MessageSigner(key: "secret")
        var m = JupyterMessage.make("execute_request", content: ["code": "1 + 1", "silent": false], parent: nil, session: "s",
                                    identities: [Array("client".utf8)])
        m.metadata = ["a": 1]
        let frames = m.encode(signer: signer)
        XCTAssertEqual(frames[0], Array("client".utf8))
        XCTAssertEqual(frames[1], JupyterMessage.delimiter)
        let back = try JupyterMessage.decode(frames, signer: signer)
        XCTAssertEqual(back.type, "execute_request")
        XCTAssertEqual(back.content["code"] as? String, "1 + 1")
        XCTAssertEqual(back.content["silent"] as? Bool, false)
        XCTAssertEqual(back.identities, [Array("client".utf8)])
        // Another key, or a changed byte of the content, must be rejected.
        XCTAssertThrowsError(try JupyterMessage.decode(frames, signer: MessageSigner(key: "other")))
        var tampered = frames
        tampered[5] = Array(#"{"code":"2 + 2","silent":false}"#.utf8)
        XCTAssertThrowsError(try JupyterMessage.decode(tampered, signer: signer))
        // No delimiter, or too few frames.
        XCTAssertThrowsError(try JupyterMessage.decode(Array(frames.prefix(4)), signer: signer))
        XCTAssertThrowsError(try JupyterMessage.decode([[1, 2, 3]], signer: signer))
        // Without a key nothing is signed and everything is accepted.
        let open = MessageSigner(key: "")
        XCTAssertEqual(m.encode(signer: open)[2], [])
        XCTAssertNoThrow(try JupyterMessage.decode(m.encode(signer: open), signer: open))
    }

    func testUpperCaseHexSignatureIsAccepted() throws {
        let signer = MessageSigner(key: "k")
        var frames = JupyterMessage.make("kernel_info_request", content: [:], parent: nil, session: "s").encode(signer: signer)
        frames[1] = Array(String(decoding: frames[1], as: UTF8.self).uppercased().utf8)
        XCTAssertNoThrow(try JupyterMessage.decode(frames, signer: signer))
    }

    func testReplyCarriesParentHeaderAndProtocolVersion() {
        let request = JupyterMessage.make("complete_request", content: [:], parent: nil, session: "client")
        let reply = JupyterMessage.make("complete_reply", content: [:], parent: request, session: "kernel")
        XCTAssertEqual(reply.parentHeader["msg_id"] as? String, request.id)
        XCTAssertEqual(reply.header["version"] as? String, "5.3")
        let date = reply.header["date"] as? String ?? ""
        XCTAssertNotNil(date.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$"#, options: .regularExpression), date)
    }

    func testConnectionFile() throws {
        let json = #"{"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5, "ip": "127.0.0.1", "key": "k", "transport": "tcp", "signature_scheme": "hmac-sha256"}"#
        let info = try ConnectionInfo.parse(Data(json.utf8))
        XCTAssertEqual(info.endpoint(info.hbPort), "tcp://127.0.0.1:5")
        var ipc = info
        ipc.transport = "ipc"
        XCTAssertEqual(ipc.endpoint(7), "ipc://127.0.0.1-7")
        XCTAssertThrowsError(try ConnectionInfo.parse(Data("[]".utf8)))
        XCTAssertThrowsError(try ConnectionInfo.parse(Data(json.replacingOccurrences(of: "hmac-sha256", with: "hmac-md5").utf8))) { e in
            XCTAssertTrue("\(e)".contains("hmac-md5"))
        }
        XCTAssertThrowsError(try ConnectionInfo.parse(Data(json.replacingOccurrences(of: "\"hb_port\": 5", with: "\"hb_port\": 70000").utf8)))
        XCTAssertThrowsError(try ConnectionInfo.read(path: "/nonexistent/connection.json"))
    }
}
