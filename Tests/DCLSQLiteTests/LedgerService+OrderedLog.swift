import DCLApplication
import DCLEventLog

extension LedgerService {
    /// The service's log as these tests open it, the embedded log: one global order, positions.
    var orderedLog: any OrderedEventLog { log as! any OrderedEventLog }
}
