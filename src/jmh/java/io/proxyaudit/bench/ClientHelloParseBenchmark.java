package io.proxyaudit.bench;

import io.proxyaudit.proto.ParseResult;
import io.proxyaudit.proto.tls.ClientHello;
import io.proxyaudit.proto.tls.TlsParser;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** TLS ClientHello parsing (with JA4) of the generator's hellos: a per-flow cost, not per packet. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class ClientHelloParseBenchmark {
    @Param({"GO", "GO_PQ", "CURL"})
    public String client;

    private byte[] record;

    @Setup
    public void setup() {
        record = TlsWire.clientHello(new SplittableRandom(1), TlsWire.Client.valueOf(client),
                "objects.githubusercontent.com", List.of("h2", "http/1.1"));
    }

    @Benchmark
    public ParseResult<ClientHello> parse() {
        return TlsParser.parseClientHello(record, 0, record.length);
    }
}
