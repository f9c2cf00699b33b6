import DCLDomain

extension ProjectionBatch {
    /// The batch as a commit reads it: the global part of its fold state, and of the per-contract
    /// part only the contracts, quality totals, on-time counts and stream heads the batch changed.
    ///
    /// A projector folds the next batch while this one commits. Handing the commit the whole
    /// state would share its dictionaries (every contract held, ~10,000 in a rebuild) with the
    /// next fold, whose first change then copies all of them, and whose end frees the copy: per
    /// batch, work in proportion to the contracts held rather than to the batch's events.
    ///
    /// ```swift
    /// let batch = ProjectionFold.fold(events, from: state, position: 0, lastRecordedAt: nil)
    /// try await store.commit(batch.committedPart(), rate: 0)   // same rows as commit(batch)
    /// ```
    public func committedPart() -> ProjectionBatch {
        // A batch that moves policies or compatibility modes has every contract judged again,
        // against the state it holds (a rare batch): it keeps that state whole.
        guard !changedStreams.contains(where: { $0.kind == .domain || $0.kind == .governance }) else { return self }
        var part = self
        // A lifecycle stream's contract counts as changed for its compliance row (`writeGovernance`).
        let lifecycle = Set(changedStreams.lazy.filter { $0.kind == .lifecycle }.compactMap(\.contractID))
        let lifecycleOrChanged = changedContracts.union(lifecycle)
        var contracts = [ContractID: ContractState](minimumCapacity: lifecycleOrChanged.count)
        var quality = [ContractID: QualitySummary](minimumCapacity: changedQuality.count + lifecycleOrChanged.count)
        var onTime = [ContractID: Int64](minimumCapacity: changedQuality.count + lifecycleOrChanged.count)
        var heads = [StreamID: AcceptedHead](minimumCapacity: changedQuality.count + lifecycleOrChanged.count + changedStreams.count)
        func keep(_ stream: StreamID) {
            if let head = state.heads[stream] { heads[stream] = head }
        }
        func keepQuality(of id: ContractID) {
            quality[id] = state.quality[id]
            onTime[id] = onTimeChecks[id]
            keep(.quality(id))
        }
        // Only the contracts whose rows the commit writes (catalog, compliance): a contract with
        // new quality results alone needs its totals and head, and copying its whole state (every
        // version's contract) for each batch it appears in was most of this function's time.
        for id in lifecycleOrChanged {
            contracts[id] = state.contracts[id]
            keepQuality(of: id)
        }
        for id in changedQuality where !lifecycleOrChanged.contains(id) { keepQuality(of: id) }
        for stream in changedStreams { keep(stream) }
        part.state.contracts = contracts
        part.state.quality = quality
        part.state.heads = heads
        part.onTimeChecks = onTime
        return part
    }
}

extension ProjectionBatch {
    /// Encodes the texts of the rows the batch's lifecycle changes write (`encodedContractRows`),
    /// so that the commit only binds and steps them.
    ///
    /// Why the projector does it before handing the batch over: the commit runs on the store's
    /// one writer connection while the next batch folds, and a new ledger's first batches are
    /// thousands of publishes, whose JSON encoding made those commits the stage every other
    /// one waited for. Done here, it runs on every core beside the previous commit.
    public mutating func encodeContractRows() throws {
        guard encodedContractRows == nil, !changedContracts.isEmpty || !contractHistory.isEmpty else { return }
        encodedContractRows = try ReadModelRows.BatchTexts(self)
    }

    /// The batch's contract row texts: those encoded ahead (`encodeContractRows()`), or encoded now.
    public func contractRowTexts() throws -> ReadModelRows.BatchTexts {
        if let encodedContractRows { return encodedContractRows }
        return try ReadModelRows.BatchTexts(self)
    }
}
