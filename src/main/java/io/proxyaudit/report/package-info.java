/**
 * Outputs of an audit, all fed from {@link io.proxyaudit.audit.AuditResult}: {@link io.proxyaudit.report.HtmlReport}
 * (self-contained page with JFreeChart SVG charts), {@link io.proxyaudit.report.NdjsonWriter},
 * {@link io.proxyaudit.report.CsvWriter}, {@link io.proxyaudit.report.TerminalSummary} and, for {@code batch},
 * {@link io.proxyaudit.report.JUnitXmlWriter}.
 *
 * <p>The output schema is code: {@link io.proxyaudit.report.FlowSchema}, {@link io.proxyaudit.report.DnsSchema},
 * {@link io.proxyaudit.report.FindingSchema} and {@link io.proxyaudit.report.CaptureSchema} declare each field of the
 * {@code flow}, {@code dns}, {@code finding} and {@code capture} records once ({@link io.proxyaudit.report.Field}: name,
 * type, doc, how it is taken from the record), with the CSV columns ({@link io.proxyaudit.report.Column}); the NDJSON
 * and CSV writers, the HTML report's tables ({@link io.proxyaudit.report.TableColumn}) and docs/ndjson-schema.md and
 * docs/csv.md (checked by SchemaDocTest) follow from them. A new field is one line in its schema class.
 *
 * <p>Headline numbers come from {@link io.proxyaudit.report.AuditTotals} so every output agrees; every string from a
 * capture or the environment passes through {@link io.proxyaudit.report.SafeText}.
 */
package io.proxyaudit.report;
