/// Columns padded to their widest cell, two spaces apart (the CLI's tables).
public enum TextTable {
    public static func render(header: [String], rows: [[String]]) -> String {
        let table = [header] + rows
        let widths = header.indices.map { column in table.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
        return table.map { cells in
            zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }
}
