package io.proxyaudit.report;

import io.proxyaudit.audit.Finding;
import io.proxyaudit.flow.ProcessInfo;
import java.util.List;

/** The {@code finding} record of {@code analyze}: a group of bypassing flows to one destination for one reason. */
public final class FindingSchema {
    private FindingSchema() {}

    public static final RecordSchema<Finding> FINDING = new RecordSchema<>("finding",
            "A group of bypassing flows to one destination for one reason (`analyze` only).",
            Field.constant("type", "`finding`", "finding"),
            Field.text("verdict", "as on flows", f -> f.verdict() == null ? null : f.verdict().wire()),
            Field.text("role", "as on flows", f -> f.role() == null ? null : f.role().wire()),
            Field.text("host", "the destination's name", Finding::host),
            Field.positive("port", "the destination's port", Finding::port),
            Field.number("flows", "how many flows", Finding::flowCount),
            Field.custom("flow_ids", "[number]", "their ids (bounded)", (f, name, g) -> {
                List<Long> ids = f.flowIds();
                if (ids != null && !ids.isEmpty()) {
                    g.writeArrayFieldStart(name);
                    for (int i = 0; i < ids.size(); i++) {
                        g.writeNumber(ids.get(i));
                    }
                    g.writeEndArray();
                }
            }, FindingSchema::flowIds),
            Field.timestamp("first_ts", "the first of them", Finding::firstNanos),
            Field.timestamp("last_ts", "the last of them", Finding::lastNanos),
            Field.text("reason_code", "why they went direct, as a stable code", Finding::reasonCode),
            Field.text("reason", "why they went direct, in a sentence", Finding::reason),
            Field.text("remediation", "one line to copy to fix it", Finding::remediation),
            Field.text("client", "the client of the first flow, whose rules the reason and fix follow (since "
                    + "schema_version 3; absent for a DNS lookup's finding)",
                    f -> f.attribution() == null ? null : f.attribution().client().wire()),
            Field.text("client_evidence", "as on flows", f -> f.attribution() == null || f.attribution().evidence() == null
                    ? null : f.attribution().evidence().wire()),
            Field.text("program", "as on flows", f -> f.attribution() == null ? null : f.attribution().program()),
            Field.object("process", "the first process a packet comment named among the flows (since schema_version 3)",
                    Finding::process, FlowSchema.PROCESS));

    /** The columns of {@code findings.csv}. */
    static final List<Column<Finding>> CSV = List.of(
            Column.of(FINDING.field("verdict")),
            Column.of(FINDING.field("role")),
            Column.of(FINDING.field("host")),
            Column.of(FINDING.field("port")),
            Column.renamed(FINDING.field("flows"), "flow_count"),
            Column.of(FINDING.field("flow_ids")),
            Column.text("first", "`first_ts` as ISO-8601 UTC", f -> Times.iso(f.firstNanos())),
            Column.text("last", "`last_ts` as ISO-8601 UTC", f -> Times.iso(f.lastNanos())),
            Column.of(FINDING.field("reason_code")),
            Column.of(FINDING.field("reason")),
            Column.of(FINDING.field("remediation")),
            Column.of(FINDING.field("client")),
            Column.of(FINDING.field("program")),
            Column.text("process", "`process` in one line, as in flows.csv",
                    f -> f.process() == null ? null : ProcessText.oneLine(f.process(), ProcessInfo.MAX_VALUE)));

    private static String flowIds(Finding f) {
        StringBuilder b = new StringBuilder();
        for (Long id : Nulls.list(f.flowIds())) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(id);
        }
        return b.toString();
    }
}
