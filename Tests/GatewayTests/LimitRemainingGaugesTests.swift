import Prometheus
import Testing

@testable import Gateway

@Suite("Limit remaining gauges")
struct LimitRemainingGaugesTests {
    @Test("per rule, only the subjects with the least remaining are shown, and an evicted subject's series is removed")
    func boundedBySubjects() {
        let metrics = GatewayMetrics()
        let gauges = LimitRemainingGauges(factory: PrometheusMetricsFactory(registry: metrics.registry), capacity: 2)
        gauges.record(rule: "rpm", subject: "bwk_a", remaining: 50)
        gauges.record(rule: "rpm", subject: "bwk_b", remaining: 30)
        gauges.record(rule: "rpm", subject: "bwk_c", remaining: 40)
        #expect(gauges.subjects(of: "rpm") == ["bwk_b", "bwk_c"])
        // More left than every subject shown: not shown.
        gauges.record(rule: "rpm", subject: "bwk_d", remaining: 45)
        #expect(gauges.subjects(of: "rpm") == ["bwk_b", "bwk_c"])
        // A subject already shown is updated in place.
        gauges.record(rule: "rpm", subject: "bwk_c", remaining: 1)
        gauges.record(rule: "other", subject: "bwk_a", remaining: 7)
        let text = metrics.exposition()
        #expect(text.contains(#"bulwark_gateway_limit_remaining{rule="rpm",subject="bwk_c"} 1"#))
        #expect(text.contains(#"bulwark_gateway_limit_remaining{rule="rpm",subject="bwk_b"} 30"#))
        #expect(!text.contains(#"rule="rpm",subject="bwk_a""#), "evicted, and its series removed")
        #expect(!text.contains(#"subject="bwk_d""#))
        #expect(text.contains(#"bulwark_gateway_limit_remaining{rule="other",subject="bwk_a"} 7"#))
    }
}
