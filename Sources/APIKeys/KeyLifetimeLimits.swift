public import Foundation

/// How long a key may live: `keys create --expires` is refused beyond it, so a typo cannot make a key that outlives
/// every review (`99999999999d` would expire in the year 506713).
public enum APIKeyLifetime {
    public static let maximumDays = 3650
    public static let maximum: TimeInterval = TimeInterval(maximumDays) * 86_400
}

/// How long `keys rotate` lets the old secret keep working. A grace period is a short overlap while clients move to
/// the new secret; a key is often rotated because its secret may have leaked, and every day of grace is a day that
/// secret still works. 30 days covers a monthly release cycle; a longer overlap is two live keys, which `keys create`
/// makes openly.
public enum APIKeyRotation {
    public static let maximumGraceDays = 30
    public static let maximumGrace: TimeInterval = TimeInterval(maximumGraceDays) * 86_400
}
