import DCLApplication
import DCLEventLog

/// What a write recorded: one line per event (as the CLI prints it), and the versions a publish
/// found already recorded with the same content.
struct RecordedEvents: Encodable, Sendable {
    struct Event: Encodable, Sendable {
        var position: Int64
        var stream: String
        var sequence: Int64
        var type: String
        var eventId: String
        var actor: String
        var summary: String
    }

    var recorded: [Event]
    var unchanged: [String]

    init(_ outcome: CommandOutcome, unchangedNames: [String] = []) throws {
        recorded = try outcome.recorded.enumerated().map { index, stored in
            let envelope = stored.envelope
            // The event the writer's fold already decoded, when the outcome has it.
            let event = index < outcome.events.count ? outcome.events[index] : try EventCodec.recorded(stored).event
            return Event(position: stored.position, stream: envelope.stream.description, sequence: envelope.sequence,
                         type: envelope.type, eventId: envelope.eventId, actor: envelope.actor,
                         summary: EventSummary.text(for: event))
        }
        unchanged = unchangedNames
    }
}
