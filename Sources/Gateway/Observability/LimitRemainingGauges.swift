import Metrics
import Prometheus
import Synchronization

/// `bulwark_gateway_limit_remaining{rule, subject}`: what is left of each rule for the callers nearest their limit.
/// Per rule it keeps at most `capacity` subjects, those with the least remaining; a subject with less remaining
/// takes the place of the one with the most, whose series is removed. So the gauge shows who is about to be refused
/// while its cardinality stays bounded by rules × capacity, whoever calls.
final class LimitRemainingGauges: Sendable {
    private let factory: PrometheusMetricsFactory
    private let capacity: Int
    /// Per rule: the subjects shown and their remaining.
    private let shown = Mutex<[String: [String: Int64]]>([:])

    init(factory: PrometheusMetricsFactory, capacity: Int = 10) {
        self.factory = factory
        self.capacity = capacity
    }

    /// Records where `subject` stands under `rule`.
    func record(rule: String, subject: String, remaining: Int64) {
        // The series change under the lock too: an eviction on one thread cannot interleave with a record of the same
        // subject on another and leave a series that is no longer tracked.
        shown.withLock { shown in
            var subjects = shown[rule, default: [:]]
            defer { shown[rule] = subjects }
            if subjects[subject] != nil || subjects.count < capacity {
                subjects[subject] = remaining
                gauge(rule, subject).record(remaining)
                return
            }
            guard let most = subjects.max(by: { $0.value < $1.value }), remaining < most.value else { return }
            subjects[most.key] = nil
            gauge(rule, most.key).destroy()
            subjects[subject] = remaining
            gauge(rule, subject).record(remaining)
        }
    }

    /// The subjects shown for `rule`, for tests.
    func subjects(of rule: String) -> Set<String> { shown.withLock { Set(($0[rule] ?? [:]).keys) } }

    private func gauge(_ rule: String, _ subject: String) -> Metrics.Gauge {
        Metrics.Gauge(label: "bulwark_gateway_limit_remaining", dimensions: [("rule", rule), ("subject", subject)], factory: factory)
    }
}
