import NIOConcurrencyHelpers
import NIOCore

/// The server's connections: every accepted channel (so shutdown closes those still in their
/// handshake too) and the established sessions, so a frontend can be reached by instance id.
/// A reconnecting instance may briefly have two sessions; the newest wins.
final class IPCPeerRegistry: Sendable {
    private struct Session {
        var sequence: UInt64
        var handle: IPCSessionHandle
    }

    private struct State {
        var next: UInt64 = 1
        var closed = false
        var channels: [ObjectIdentifier: any Channel] = [:]
        var sessions: [ObjectIdentifier: Session] = [:]
    }

    private let state = NIOLockedValueBox(State())

    /// Returns false once the server is shutting down: the caller closes the channel.
    func track(_ channel: any Channel) -> Bool {
        let accepted = state.withLockedValue { state in
            guard !state.closed else { return false }
            state.channels[ObjectIdentifier(channel)] = channel
            return true
        }
        if accepted {
            channel.closeFuture.whenComplete { [self] _ in
                _ = state.withLockedValue { $0.channels.removeValue(forKey: ObjectIdentifier(channel)) }
            }
        }
        return accepted
    }

    func add(_ handle: IPCSessionHandle) {
        state.withLockedValue {
            $0.sessions[ObjectIdentifier(handle.channel)] = Session(sequence: $0.next, handle: handle)
            $0.next += 1
        }
    }

    func remove(_ handle: IPCSessionHandle) {
        _ = state.withLockedValue { $0.sessions.removeValue(forKey: ObjectIdentifier(handle.channel)) }
    }

    func handle(forInstance instanceID: String) -> IPCSessionHandle? {
        state.withLockedValue {
            $0.sessions.values.filter { $0.handle.peer.peerInstance == instanceID }.max { $0.sequence < $1.sequence }?
                .handle
        }
    }

    var sessions: [IPCSessionHandle] {
        state.withLockedValue { $0.sessions.values.sorted { $0.sequence < $1.sequence }.map(\.handle) }
    }

    /// Refuses further channels and returns the open ones: sessions, and channels still in their handshake.
    func closeAll() -> (sessions: [IPCSessionHandle], handshaking: [any Channel]) {
        state.withLockedValue { state in
            state.closed = true
            let sessions = state.sessions.values.sorted { $0.sequence < $1.sequence }.map(\.handle)
            let established = Set(state.sessions.keys)
            let handshaking = state.channels.filter { !established.contains($0.key) }.map(\.value)
            return (sessions, handshaking)
        }
    }
}
