package io.proxyaudit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * docs/spark.md lists each table's columns as Spark prints them, between {@code <!-- tables -->} and
 * {@code <!-- /tables -->}, generated from {@link TableSchemas} (itself derived from the NDJSON declarations). Fails
 * when the doc is stale. Regenerate with: {@value #REGENERATE}
 */
class SparkDocTest {
    static final String REGENERATE = "mvn -B -o -q -f spark/pom.xml test -Dtest=SparkDocTest -Dproxyaudit.regenerateDocs=true";
    static final Path DOC = LakeJobTest.ROOT.resolve("docs/spark.md");

    static String block() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> t : LakeJob.TABLES.entrySet()) {
            StructType row = (StructType) LakeRows.SCHEMA.apply(t.getValue()).dataType();
            StructType table = row.add(TableSchemas.CAPTURE, DataTypes.StringType)
                    .add(TableSchemas.DATE, DataTypes.DateType);
            b.append("### ").append(t.getKey()).append("\n\n```\n").append(table.treeString()).append("```\n\n");
        }
        return b.toString();
    }

    @Test
    void theDocListsTheColumnsOfEveryTable() throws IOException {
        String doc = Files.readString(DOC);
        int start = doc.indexOf("<!-- tables -->\n");
        int end = doc.indexOf("<!-- /tables -->");
        String fresh = block();
        if (Boolean.getBoolean("proxyaudit.regenerateDocs")) {
            String head = start < 0 ? doc + "<!-- tables -->\n" : doc.substring(0, start + "<!-- tables -->\n".length());
            String tail = end < 0 ? "<!-- /tables -->\n" : doc.substring(end);
            Files.writeString(DOC, head + fresh + tail);
            return;
        }
        assertTrue(start >= 0 && end > start, "docs/spark.md has no <!-- tables --> block; regenerate: " + REGENERATE);
        assertEquals(fresh, doc.substring(start + "<!-- tables -->\n".length(), end),
                "docs/spark.md's columns are stale; regenerate: " + REGENERATE);
        assertTrue(fresh.contains("|-- start_ts: decimal(20,9)"), "time stamps are exact decimals");
        assertTrue(fresh.contains("|-- counters: map"), "count objects are maps");
    }
}
