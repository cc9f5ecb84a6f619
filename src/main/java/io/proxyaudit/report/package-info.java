/**
 * Outputs of an audit, all fed from {@link io.proxyaudit.audit.AuditResult}: {@link io.proxyaudit.report.HtmlReport}
 * (self-contained page with JFreeChart SVG charts), {@link io.proxyaudit.report.CsvWriter},
 * {@link io.proxyaudit.report.TerminalSummary} and, for {@code batch}, {@link io.proxyaudit.report.JUnitXmlWriter}.
 * Headline numbers come from {@link io.proxyaudit.report.AuditTotals} so every output agrees; every string from a
 * capture or the environment passes through {@link io.proxyaudit.report.SafeText}.
 */
package io.proxyaudit.report;
