import Foundation
import Testing

/// The CSV source parses a file on several threads (`DCL_QUALITY_CSV_WORKERS`), each taking chunks
/// of whole records (`DCL_QUALITY_CSV_CHUNK_BYTES`), and merges what they counted. These runs of the
/// built `dcl` show that the split changes nothing: the same file through one worker and through
/// two or three, with chunks of a few bytes so that records, quoted line breaks and repeated ids fall
/// on both sides of many chunk ends, gives the same value for every check, the same rows and the same
/// fingerprint, and a malformed record is reported at the same line.
@Suite("dcl quality run: one parsing thread or several")
struct QualityRunParallelTests {
    /// Every result of a run except freshness (an age, which moves with the clock), plus its rows and fingerprint.
    static func outcome(_ cli: CLIHarness, file: String, workers: Int, chunk: Int?, budget: String? = nil) throws -> [String: String] {
        var environment = ["DCL_QUALITY_CSV_WORKERS": String(workers)]
        if let chunk { environment["DCL_QUALITY_CSV_CHUNK_BYTES"] = String(chunk) }
        if let budget { environment["DCL_QUALITY_UNIQUE_MEMORY"] = budget }
        let run = try cli.run(["quality", "run", QualityRunContract.id, "--source", file, "--json", "--ledger", "ledger.db"],
                              environment: environment)
        #expect(run.status == 0 || run.status == 1, "\(file) with \(workers) workers: \(run.stderr)")
        let report = try QualityRunTests.json(run)
        var out: [String: String] = [:]
        for (rule, (value, passed)) in QualityRunTests.results(report) where rule != "freshness_created" {
            out[rule] = "\(value ?? "none") \(passed)"
        }
        let object = (report["objects"] as? [[String: Any]])?.first
        out["rows"] = "\(object?["rowsScanned"] ?? "none")"
        out["fingerprint"] = "\(object?["fingerprint"] ?? "none")"
        return out
    }

    @Test("one worker and two or three, with chunks of a few bytes, give identical results on random, quoted and CRLF files")
    func splitChangesNothing() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try QualityRunTests.publish(cli)
        var files: [String] = []
        for seed in UInt64(11)...14 {
            let dataset = QualityDataset.random(seed: seed, rows: 400)
            let name = "random-\(seed).csv"
            // Seed 13 quotes every field, 14 ends lines with CRLF; all hold quoted line breaks ("line\nbreak").
            try cli.write(name, dataset.csv(quoteEvery: seed == 13, crlf: seed == 14))
            files.append(name)
        }
        try cli.write("crafted.csv", QualityRunTests.crafted.csv())
        files.append("crafted.csv")
        for file in files {
            let single = try Self.outcome(cli, file: file, workers: 1, chunk: nil)
            #expect(single["row_count_orders"] != nil && single["rows"] != "none", "\(file): \(single)")
            // Chunks of 7 bytes: nearly every record, and every quoted line break, spans a chunk end.
            for (workers, chunk) in [(2, 7), (2, 64), (3, 13), (2, nil)] as [(Int, Int?)] {
                let split = try Self.outcome(cli, file: file, workers: workers, chunk: chunk)
                let label = "\(file), \(workers) workers, chunks of \(chunk.map(String.init) ?? "1 MiB") bytes"
                let different = split.filter { single[$0.key] != $0.value }
                #expect(split == single, "\(label): \(different) vs one worker")
            }
            // Uniqueness sets of a few bytes, spilled to temporary files in each worker, then merged.
            let spilled = try Self.outcome(cli, file: file, workers: 2, chunk: 64, budget: "16")
            #expect(spilled == single, "\(file), 2 workers, spilled sets: \(spilled.filter { single[$0.key] != $0.value })")
        }
    }

    @Test("repeated ids split between workers are counted once each, in bitmaps and in spilled sets")
    func duplicatesAcrossWorkers() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try QualityRunTests.publish(cli)
        // Ids 1…300 twice, the second time in reverse, with a quoted line break in every tenth name:
        // with chunks of 50 bytes the two copies of an id are parsed by different workers.
        var rows: [[String?]] = []
        for pass in 0..<2 {
            for step in 0..<300 {
                let id = pass == 0 ? step + 1 : 300 - step
                rows.append([String(id), id % 10 == 0 ? "two\nlines" : "n\(id)", "1", "new", "ABC-\(id % 7)", "2026-11-30"])
            }
        }
        try cli.write("twice.csv", QualityDataset(columns: QualityRunContract.columns, rows: rows).csv())
        for (workers, chunk, budget) in [(1, nil, nil), (2, 50, nil), (3, 50, nil), (2, 50, "16")] as [(Int, Int?, String?)] {
            let result = try Self.outcome(cli, file: "twice.csv", workers: workers, chunk: chunk, budget: budget)
            let label = "\(workers) workers, chunks of \(chunk.map(String.init) ?? "1 MiB"), budget \(budget ?? "default")"
            #expect(result["rows"] == "600", "\(label): \(result)")
            #expect(result["unique_id"] == "300 false", "\(label): \(String(describing: result["unique_id"]))")
            #expect(result["primary_key_orders"] == "300 false", "\(label): \(String(describing: result["primary_key_orders"]))")
            // Codes ABC-0…ABC-6: 600 values, 7 distinct (593 duplicates: more than the rule's 5, failed).
            #expect(result["duplicate_codes"] == "593 false", "\(label): \(String(describing: result["duplicate_codes"]))")
        }
    }

    @Test("ids on three bitmap pages with a budget of one page, records spread over three threads, count the same")
    func idsOnSeveralPages() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try QualityRunTests.publish(cli)
        // Ids on three bitmap pages (1, 70001, 140001) and 1 again; with chunks of 8 bytes each record is a
        // chunk of its own, and a budget of 16 bytes allows one page per set. Which thread takes which record
        // is up to the scheduler: when two threads end with one page each, the merge cannot unite the pages
        // and adds the other thread's ids one by one (a path this test reaches only on some runs).
        let rows: [[String?]] = ["1", "70001", "140001", "1"].map { [$0, "n", "1", "new", "ABC-1", "2026-11-30"] }
        try cli.write("pages.csv", QualityDataset(columns: QualityRunContract.columns, rows: rows).csv())
        for attempt in 1...4 {
            let result = try Self.outcome(cli, file: "pages.csv", workers: 3, chunk: 8, budget: "16")
            #expect(result["unique_id"] == "1 false", "attempt \(attempt): \(String(describing: result["unique_id"]))")
            #expect(result["rows"] == "4")
        }
    }

    @Test("a malformed record late in the file is reported at the same line by one worker and by several")
    func errorLinesAgree() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try QualityRunTests.publish(cli)
        // 300 records, every fifth with a quoted line break (2 lines), then a short record and more rows.
        var text = "id,name,amount,status,code,created\n"
        var line = 2
        for index in 1...300 {
            let name = index % 5 == 0 ? "\"a\nb\"" : "n\(index)"
            text += "\(index),\(name),1,new,ABC-1,2026-11-30\n"
            line += index % 5 == 0 ? 2 : 1
        }
        let badLine = line
        text += "301,short\n"
        for index in 302...400 { text += "\(index),n,1,new,ABC-1,2026-11-30\n" }
        try cli.write("short.csv", text)
        // A quote left open in the last record.
        try cli.write("open.csv", "id,name,amount,status,code,created\n" + String(repeating: "1,\"x\ny\",1,new,ABC-1,2026-11-30\n", count: 40)
            + "2,\"never closed,1,new,ABC-1,2026-11-30\n")
        let before = try cli.read("ledger.db")
        for (workers, chunk) in [(1, nil), (2, 16), (3, 40), (2, 333)] as [(Int, Int?)] {
            var environment = ["DCL_QUALITY_CSV_WORKERS": String(workers)]
            if let chunk { environment["DCL_QUALITY_CSV_CHUNK_BYTES"] = String(chunk) }
            let short = try cli.run(["quality", "run", QualityRunContract.id, "--source", "short.csv", "--ledger", "ledger.db"],
                                    environment: environment)
            #expect(short.status == 2)
            #expect(short.stderr.contains("short.csv line \(badLine): 2 fields, the header has 6"), "\(workers) workers: \(short.stderr)")
            let open = try cli.run(["quality", "run", QualityRunContract.id, "--source", "open.csv", "--ledger", "ledger.db"],
                                   environment: environment)
            #expect(open.status == 2)
            #expect(open.stderr.contains("open.csv line 82: a quoted field is not closed before the end of the file"),
                    "\(workers) workers: \(open.stderr)")
        }
        #expect(try cli.read("ledger.db") == before, "nothing recorded")
    }
}
