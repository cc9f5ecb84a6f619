package io.proxyaudit.spark;

import io.proxyaudit.audit.Allowlist;
import io.proxyaudit.audit.FailOn;
import io.proxyaudit.capture.CaptureMagic;
import io.proxyaudit.capture.CaptureSource;
import io.proxyaudit.capture.IoReason;
import io.proxyaudit.cli.BatchCapture;
import io.proxyaudit.cli.BatchNames;
import io.proxyaudit.policy.ConfigException;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.report.BatchRow;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.input.PortableDataStream;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Runs on the executors: each capture of a partition, read as a stream ({@link PortableDataStream#open}: never whole
 * in memory), through batch's own per-capture step ({@link BatchCapture#audit}) with its sidecar configuration read
 * from the same file system, into its {@link LakeRows}. The rows of one capture are made before the next is read, so
 * a task holds one capture's audit at a time, as a batch worker does. Nothing a capture does fails the task: a file
 * that cannot be read, a bad sidecar or a bug in the audit is the capture's row with its error.
 */
final class CaptureTask implements FlatMapFunction<Iterator<Tuple2<String, PortableDataStream>>, Row>, Serializable {
    private static final long serialVersionUID = 1L;

    /** Whether these files were named (matched by a glob or given) rather than found in a directory walk. */
    private final boolean named;
    /** The command line's configuration, copied for each capture before its sidecars go on top. */
    private final ProxyConfig.Builder base;
    private final FailOn failOn;
    /** The --allow entries, parsed on the driver. */
    private final Allowlist allowlist;

    CaptureTask(boolean named, ProxyConfig.Builder base, FailOn failOn, Allowlist allowlist) {
        this.named = named;
        this.base = base;
        this.failOn = failOn;
        this.allowlist = allowlist;
    }

    /** batch's defaults with --fail-on and --allow (made here: the reader and flow options are not shipped). */
    private BatchCapture.Settings settings() {
        BatchCapture.Settings d = BatchCapture.Settings.defaults(failOn);
        return new BatchCapture.Settings(d.flowOptions(), d.readerOptions(), d.maxListed(), failOn, allowlist);
    }

    @Override
    public Iterator<Row> call(Iterator<Tuple2<String, PortableDataStream>> files) {
        LakeRows rows = new LakeRows();
        return new Iterator<>() {
            private Iterator<Row> current = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && files.hasNext()) {
                    Tuple2<String, PortableDataStream> f = files.next();
                    current = capture(rows, f._1(), f._2()).iterator();
                }
                return current.hasNext();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    /** The rows of one file: a skipped row, or the capture's rows (its captures row carries any error). */
    List<Row> capture(LakeRows rows, String uri, PortableDataStream data) {
        long t0 = System.nanoTime();
        Path path = new Path(uri);
        String name = LakeInputs.display(path);
        Configuration conf = data.getConfiguration();
        if (!named) {
            String why = CaptureMagic.notCaptureReason(data::open);
            if (why != null) {
                return List.of(LakeRows.skipped(name, why));
            }
        }
        FileSystem fs;
        FileStatus status = null;
        try {
            fs = path.getFileSystem(conf);
            status = fs.getFileStatus(path);
        } catch (IOException e) {
            fs = null; // the audit's own open reports the file
        }
        List<Path> sidecars = fs == null ? List.of() : sidecars(fs, path);
        List<String> sidecarNames = sidecars.stream().map(LakeInputs::display).toList();
        FileSystem sidecarFs = fs;
        BatchCapture.ConfigSupplier config = () -> {
            ProxyConfig.Builder b = base.copy();
            for (Path s : sidecars) {
                String shown = LakeInputs.display(s);
                try (InputStream in = sidecarFs.open(s)) {
                    b.file(shown, s.getName(), in);
                } catch (IOException e) {
                    throw new ConfigException(shown + ": " + IoReason.of(e));
                }
            }
            return b.build();
        };
        long size = status == null ? 0 : status.getLen();
        BatchCapture.Audited a = BatchCapture.audit(name, name, sidecarNames, config,
                CaptureSource.stream(name, data::open, status == null ? -1 : size), size,
                settings(), null, null, System.err::println, t0);
        Date date = date(a.row(), status);
        try {
            return rows.rows(a.row(), a.result(), date);
        } catch (IOException | RuntimeException | StackOverflowError e) {
            String msg = "could not be analysed: internal error (please report it with the capture)";
            System.err.println("proxyaudit: " + name + ": " + msg + " [rows: " + e + "]");
            BatchRow failed = BatchRow.failedToRead(name, name, sidecarNames, BatchRow.Status.UNREADABLE, msg, size,
                    System.nanoTime() - t0);
            try {
                return rows.rows(failed, null, date);
            } catch (IOException e2) {
                throw new IllegalStateException(e2); // an error row writes no NDJSON: cannot happen
            }
        }
    }

    /** NAME.goenv.json then NAME.env next to the capture, those that are files (as batch: BatchNames). */
    static List<Path> sidecars(FileSystem fs, Path capture) {
        List<Path> out = new ArrayList<>(2);
        for (String n : BatchNames.sidecarNames(capture.getName())) {
            Path s = new Path(capture.getParent(), n);
            if (s.equals(capture)) {
                continue;
            }
            try {
                if (fs.getFileStatus(s).isFile()) {
                    out.add(s);
                }
            } catch (IOException e) {
                // absent (or unreadable: batch's Files.isRegularFile says false too)
            }
        }
        return out;
    }

    /** The UTC date of the first packet; without one, of the file's modification time; else none. */
    static Date date(BatchRow row, FileStatus status) {
        if (row.totals() != null && row.firstNanos() != Long.MIN_VALUE) {
            return Date.valueOf(LocalDate.ofInstant(Instant.ofEpochSecond(Math.floorDiv(row.firstNanos(), 1_000_000_000L)),
                    ZoneOffset.UTC));
        }
        if (status != null && status.getModificationTime() > 0) {
            return Date.valueOf(LocalDate.ofInstant(Instant.ofEpochMilli(status.getModificationTime()), ZoneOffset.UTC));
        }
        return null;
    }
}
