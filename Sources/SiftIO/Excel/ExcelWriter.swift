import SiftFrame

/// Writes a frame as a one-sheet .xlsx workbook: a header row of column names, numbers as
/// numbers, booleans as booleans, text as inline strings, dates and datetimes as serial numbers
/// with date formats (so Excel, openpyxl and pandas see dates), nulls as empty cells. The XML is
/// written by hand and zipped with zlib.
public enum ExcelWriter {
    public static let maxRows = 1_048_575
    public static let maxColumns = 16_384

    public static func bytes(_ frame: Frame, sheet: String = "Sheet1") throws -> [UInt8] {
        guard frame.rowCount <= maxRows else { throw FrameError("a sheet holds at most \(maxRows) rows below its header; the frame has \(frame.rowCount)", hint: "write Parquet or CSV instead, or split the frame") }
        guard frame.columnCount <= maxColumns else { throw FrameError("a sheet holds at most \(maxColumns) columns; the frame has \(frame.columnCount)") }
        let invalid: Set<Character> = ["\\", "/", "?", "*", "[", "]", ":"]
        guard !sheet.isEmpty, sheet.count <= 31, !sheet.contains(where: { invalid.contains($0) }) else {
            throw FrameError("sheet name \"\(sheet)\" is not allowed", hint: "Excel sheet names have 1 to 31 characters and none of \\ / ? * [ ] :")
        }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
        let letters = (0..<frame.columnCount).map { ExcelSource.letters($0 + 1) }
        xml += "<row r=\"1\">"
        for (k, c) in frame.columns.enumerated() { xml += "<c r=\"\(letters[k])1\" t=\"inlineStr\"><is><t>\(XMLScan.escape(c.name))</t></is></c>" }
        xml += "</row>"
        for r in 0..<frame.rowCount {
            try Cancellation.check(every: 4096, at: r)
            let rowNumber = r + 2
            xml += "<row r=\"\(rowNumber)\">"
            for (k, c) in frame.columns.enumerated() {
                let ref = letters[k] + String(rowNumber)
                switch c[r] {
                case .null: continue
                case .int(let v): xml += "<c r=\"\(ref)\"><v>\(v)</v></c>"
                case .float(let v):
                    // Excel has no NaN or infinity: such cells stay empty.
                    if v.isFinite { xml += "<c r=\"\(ref)\"><v>\(v)</v></c>" }
                case .bool(let v): xml += "<c r=\"\(ref)\" t=\"b\"><v>\(v ? 1 : 0)</v></c>"
                case .string(let s): xml += "<c r=\"\(ref)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(XMLScan.escape(s))</t></is></c>"
                case .list(let items): xml += "<c r=\"\(ref)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(XMLScan.escape(JSONText.list(items)))</t></is></c>"
                case .date(let d): xml += "<c r=\"\(ref)\" s=\"1\"><v>\(Int(d) + 25_569)</v></c>"
                case .datetime(let t):
                    let serial = Double(t) / 86_400_000_000 + 25_569
                    xml += "<c r=\"\(ref)\" s=\"2\"><v>\(serial)</v></c>"
                }
            }
            xml += "</row>"
        }
        xml += "</sheetData></worksheet>"
        let sheetName = XMLScan.escape(sheet)
        var zip = ZipWriter()
        try zip.add("[Content_Types].xml", Array("""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>
        """.utf8))
        try zip.add("_rels/.rels", Array("""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
        """.utf8))
        try zip.add("xl/workbook.xml", Array("""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="\(sheetName)" sheetId="1" r:id="rId1"/></sheets></workbook>
        """.utf8))
        try zip.add("xl/_rels/workbook.xml.rels", Array("""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
        """.utf8))
        try zip.add("xl/styles.xml", Array("""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
        """.utf8))
        try zip.add("xl/worksheets/sheet1.xml", Array(xml.utf8))
        return zip.finish()
    }
}
