/// Who the simulator is on the Diameter network (Origin-Host / Origin-Realm of every answer).
public struct HSSIdentity: Sendable, Hashable {
    public var originHost: String
    public var originRealm: String

    public init(originHost: String, originRealm: String) {
        self.originHost = originHost
        self.originRealm = originRealm
    }
}
