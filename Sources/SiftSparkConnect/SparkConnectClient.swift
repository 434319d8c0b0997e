import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import GRPCProtobuf
import SiftSQL

/// The two Spark Connect RPCs Sift calls, over grpc-swift's client with protobuf coding.
///
/// Why hand-written stubs: two calls (`ExecutePlan`, server-streaming, and `AnalyzePlan`,
/// unary) are a few lines over `GRPCClient`, where the gRPC code generator would add a build
/// plugin and a generated file per service. The messages themselves are generated
/// (Generated/, from Proto/ by scripts/generate-spark-proto).
final class SparkConnectClient: Sendable {
    private let client: GRPCClient<HTTP2ClientTransport.Posix>
    private let connections: Task<Void, Never>
    let address: SparkConnectAddress
    let sessionID: String

    private static let service = "spark.connect.SparkConnectService"
    private static let executePlan = MethodDescriptor(fullyQualifiedService: service, method: "ExecutePlan")
    private static let analyzePlan = MethodDescriptor(fullyQualifiedService: service, method: "AnalyzePlan")

    init(address: SparkConnectAddress) throws {
        self.address = address
        sessionID = UUID().uuidString.lowercased()
        let transport = try HTTP2ClientTransport.Posix(
            target: .dns(host: address.host, port: address.port),
            transportSecurity: address.useTLS ? .tls : .plaintext,
            config: .defaults { config in
                // Arrow batches arrive as single messages of up to a few MiB; uploads can be larger.
                config.http2.maxFrameSize = 1 << 20
                config.http2.targetWindowSize = 16 << 20
                config.connection.maxIdleTime = nil
            }
        )
        let client = GRPCClient(transport: transport)
        self.client = client
        connections = Task.detached {
            try? await client.runConnections()
        }
    }

    /// Per-call options: generous message limits (Spark's own server accepts 128 MiB requests)
    /// and a deadline so an unreachable server fails instead of hanging.
    private func options(timeout: Duration?) -> CallOptions {
        var o = CallOptions.defaults
        o.maxRequestMessageBytes = 256 << 20
        o.maxResponseMessageBytes = 256 << 20
        o.timeout = timeout
        // Fail at once when the server cannot be reached instead of waiting for it to appear.
        o.waitForReady = false
        return o
    }

    private var metadata: Metadata {
        var m: Metadata = [:]
        if let token = address.token { m.addString("Bearer " + token, forKey: "authorization") }
        m.addString("sift", forKey: "x-sift-client")
        return m
    }

    private var userContext: Spark_Connect_UserContext {
        var u = Spark_Connect_UserContext()
        u.userID = address.userID
        u.userName = address.userID
        return u
    }

    /// Runs `plan` and hands each response to `consume`, in order, on the RPC's task; returns
    /// what `finish` makes of the consumer once the stream ends.
    func execute<Consumer: AnyObject, Value: Sendable>(
        _ plan: Spark_Connect_Plan,
        consumer makeConsumer: @escaping @Sendable () -> Consumer,
        consume: @escaping @Sendable (Consumer, Spark_Connect_ExecutePlanResponse) throws -> Void,
        finish: @escaping @Sendable (Consumer) throws -> Value
    ) throws -> Value {
        var request = Spark_Connect_ExecutePlanRequest()
        request.sessionID = sessionID
        request.userContext = userContext
        request.clientType = "sift"
        request.plan = plan
        let message = ClientRequest(message: request, metadata: metadata)
        let client = self.client
        let options = self.options(timeout: nil)
        return try call {
            try await client.serverStreaming(
                request: message, descriptor: Self.executePlan,
                serializer: ProtobufSerializer<Spark_Connect_ExecutePlanRequest>(),
                deserializer: ProtobufDeserializer<Spark_Connect_ExecutePlanResponse>(),
                options: options
            ) { response in
                let consumer = makeConsumer()
                for try await part in response.messages { try consume(consumer, part) }
                return try finish(consumer)
            }
        }
    }

    /// The server's explanation of `plan` in `mode`.
    func explain(_ plan: Spark_Connect_Plan, mode: Spark_Connect_AnalyzePlanRequest.Explain.ExplainMode) throws -> String {
        var request = Spark_Connect_AnalyzePlanRequest()
        request.sessionID = sessionID
        request.userContext = userContext
        request.clientType = "sift"
        var explain = Spark_Connect_AnalyzePlanRequest.Explain()
        explain.plan = plan
        explain.explainMode = mode
        request.explain = explain
        let message = ClientRequest(message: request, metadata: metadata)
        let client = self.client
        let options = self.options(timeout: .seconds(600))
        return try call {
            try await client.unary(
                request: message, descriptor: Self.analyzePlan,
                serializer: ProtobufSerializer<Spark_Connect_AnalyzePlanRequest>(),
                deserializer: ProtobufDeserializer<Spark_Connect_AnalyzePlanResponse>(),
                options: options
            ) { response in try response.message.explain.explainString }
        }
    }

    /// Blocks on `work`, turning gRPC failures into one-line engine errors.
    private func call<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        do {
            return try BlockingCall.run(work)
        } catch let error as RPCError {
            throw SQLEngineError(SparkConnectClient.describe(error, address: address))
        } catch let error as SQLEngineError {
            throw error
        } catch {
            throw SQLEngineError("spark (\(address.displayName)): \(error)")
        }
    }

    /// The first line of the server's message (Spark adds the analyzed plan below it), or what
    /// went wrong with the connection.
    static func describe(_ error: RPCError, address: SparkConnectAddress) -> String {
        switch error.code {
        case .unavailable, .deadlineExceeded:
            return "spark: cannot reach \(address.displayName) (\(error.code)): \(error.message.prefix(200))"
        case .unauthenticated, .permissionDenied:
            return "spark: \(address.displayName) refused the credentials (\(error.code)); check the token option"
        default:
            let first = error.message.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? error.message
            return "spark: " + String(first.prefix(600))
        }
    }

    func close() {
        client.beginGracefulShutdown()
    }

    deinit {
        client.beginGracefulShutdown()
        _ = connections
    }
}
