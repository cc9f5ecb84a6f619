package io.proxyaudit.proto.tls;

import io.kaitai.struct.ByteBufferKaitaiStream;
import io.proxyaudit.proto.BoundedText;
import io.proxyaudit.proto.ParseResult;
import io.proxyaudit.proto.ksy.TlsHandshake;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * ClientHello / ServerHello parser over the head of a TCP stream. The record layer is walked by
 * {@link TlsHandshakeReader}; the message body is decoded with the Kaitai Struct spec
 * {@code src/main/kaitai/tls_handshake.ksy}. Extension bodies are decoded one at a time so a broken
 * extension only adds a flag ({@code bad-extension-N}).
 */
public final class TlsParser {
    static final int HANDSHAKE_CLIENT_HELLO = 1;
    static final int HANDSHAKE_SERVER_HELLO = 2;
    static final int HANDSHAKE_HEADER = 4;
    static final int EXT_SERVER_NAME = 0x0000;
    static final int EXT_SIGNATURE_ALGORITHMS = 0x000d;
    static final int EXT_ALPN = 0x0010;
    static final int EXT_SUPPORTED_VERSIONS = 0x002b;
    /** host_name is a DNS name: 253 characters at most (RFC 6066 §3 refers to RFC 1035). */
    static final int MAX_NAME_CHARS = 255;
    static final int MAX_ALPN_VALUES = 32;
    static final int MAX_ALPN_CHARS = 64;

    private TlsParser() {}

    /** The first ClientHello of a client-to-server stream head (TLS over TCP, JA4 transport "t"). */
    public static ParseResult<ClientHello> parseClientHello(byte[] buf, int off, int len) {
        ParseResult<byte[]> msg = TlsHandshakeReader.readFirstMessage(buf, off, len, HANDSHAKE_CLIENT_HELLO,
                TlsHandshakeReader.MAX_HELLO);
        if (msg.status() != ParseResult.Status.OK) {
            return relay(msg);
        }
        ParseResult<ClientHello> r = parseClientHelloMessage(msg.value(), 't');
        return r.status() == ParseResult.Status.OK ? ParseResult.ok(r.value(), msg.consumed()) : r;
    }

    /**
     * The first ClientHello of a stream head that the capture's snap length cut after {@code buf[off, off+len)}:
     * the fields and the whole extensions before the cut (an extension reaching into the cut is left out), marked
     * {@code truncated}, without JA4 (FoxIO's JA4 counts and hashes every extension: a partial list would give a
     * wrong fingerprint, not a partial one). NEED_MORE when not even the handshake header was captured.
     */
    public static ParseResult<ClientHello> parseCutClientHello(byte[] buf, int off, int len) {
        ParseResult<byte[]> msg = TlsHandshakeReader.readMessagePrefix(buf, off, len, HANDSHAKE_CLIENT_HELLO,
                TlsHandshakeReader.MAX_HELLO);
        if (msg.status() != ParseResult.Status.OK) {
            return relay(msg);
        }
        byte[] m = msg.value();
        int declared = HANDSHAKE_HEADER + u24(m, 1);
        if (m.length == declared) { // the hello itself was captured whole; the cut lies after it
            return parseClientHelloMessage(m, 't');
        }
        // legacy_version, random, session_id, cipher_suites, compression_methods, then extensions (RFC 8446 §4.1.2)
        int p = HANDSHAKE_HEADER + 2 + 32;
        p = skipVector(m, p, 1);
        p = skipVector(m, p, 2);
        p = skipVector(m, p, 1);
        if (p < 0 || p + 2 > m.length) {
            int version = m.length >= HANDSHAKE_HEADER + 2 ? u16(m, HANDSHAKE_HEADER) : 0;
            return ParseResult.ok(new ClientHello(version, null, List.of(), List.of(), List.of(), List.of(), List.of(),
                    null, List.of(), true), m.length);
        }
        int extensionsLength = p;
        int end = Math.min(m.length, p + 2 + u16(m, p));
        int whole = p + 2;
        while (whole + 4 <= end && whole + 4 + u16(m, whole + 2) <= end) {
            whole += 4 + u16(m, whole + 2);
        }
        // the message as if the client had sent only the whole extensions: the one parser reads it
        byte[] cut = Arrays.copyOf(m, whole);
        cut[1] = (byte) ((whole - HANDSHAKE_HEADER) >>> 16);
        cut[2] = (byte) ((whole - HANDSHAKE_HEADER) >>> 8);
        cut[3] = (byte) (whole - HANDSHAKE_HEADER);
        cut[extensionsLength] = (byte) ((whole - extensionsLength - 2) >>> 8);
        cut[extensionsLength + 1] = (byte) (whole - extensionsLength - 2);
        ParseResult<ClientHello> r = parseClientHelloMessage(cut, 't');
        if (r.status() != ParseResult.Status.OK) {
            return r;
        }
        ClientHello h = r.value();
        return ParseResult.ok(new ClientHello(h.legacyVersion(), h.sni(), h.alpn(), h.supportedVersions(),
                h.cipherSuites(), h.extensions(), h.signatureAlgorithms(), null, h.flags(), true), m.length);
    }

    /** Offset after the vector with a {@code lengthBytes} length prefix at p; -1 when it does not lie within m. */
    private static int skipVector(byte[] m, int p, int lengthBytes) {
        if (p < 0 || p + lengthBytes > m.length) {
            return -1;
        }
        int n = lengthBytes == 1 ? m[p] & 0xff : u16(m, p);
        return p + lengthBytes + n <= m.length ? p + lengthBytes + n : -1;
    }

    private static int u16(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    private static int u24(byte[] b, int i) {
        return ((b[i] & 0xff) << 16) | ((b[i + 1] & 0xff) << 8) | (b[i + 2] & 0xff);
    }

    /** The first ServerHello of a server-to-client stream head. */
    public static ParseResult<ServerHello> parseServerHello(byte[] buf, int off, int len) {
        ParseResult<byte[]> msg = TlsHandshakeReader.readFirstMessage(buf, off, len, HANDSHAKE_SERVER_HELLO,
                TlsHandshakeReader.MAX_HELLO);
        if (msg.status() != ParseResult.Status.OK) {
            return relay(msg);
        }
        ParseResult<ServerHello> r = parseServerHelloMessage(msg.value());
        return r.status() == ParseResult.Status.OK ? ParseResult.ok(r.value(), msg.consumed()) : r;
    }

    /**
     * A complete ClientHello handshake message (type, 3-byte length, body), e.g. from QUIC CRYPTO frames
     * ({@code transport} 'q') or {@link TlsHandshakeReader} ('t').
     */
    public static ParseResult<ClientHello> parseClientHelloMessage(byte[] message, char transport) {
        TlsHandshake.ClientHello ch;
        try {
            TlsHandshake hs = new TlsHandshake(new ByteBufferKaitaiStream(message));
            if (!(hs.body() instanceof TlsHandshake.ClientHello)) {
                return ParseResult.notThisProtocol();
            }
            ch = (TlsHandshake.ClientHello) hs.body();
        } catch (RuntimeException e) {
            return ParseResult.malformed("ClientHello body does not fit its length fields (" + brief(e) + ")");
        }
        List<String> flags = new ArrayList<>();
        List<Integer> extensions = new ArrayList<>();
        String sni = null;
        boolean sniPresent = false;
        List<String> alpn = new ArrayList<>();
        byte[] firstAlpn = null;
        List<Integer> versions = new ArrayList<>();
        List<Integer> sigs = new ArrayList<>();
        if (ch.extensions() != null) {
            for (TlsHandshake.Extension ext : ch.extensions().list().items()) {
                int type = ext.type();
                extensions.add(type);
                try {
                    switch (type) {
                        case EXT_SERVER_NAME:
                            sniPresent = true;
                            if (sni == null) {
                                sni = hostName(ext.body(), flags);
                            }
                            break;
                        case EXT_ALPN:
                            if (alpn.isEmpty()) {
                                firstAlpn = alpnNames(ext.body(), alpn, flags);
                            }
                            break;
                        case EXT_SUPPORTED_VERSIONS:
                            versions.addAll(new TlsHandshake.U2Vector8(new ByteBufferKaitaiStream(ext.body()))
                                    .values().items());
                            break;
                        case EXT_SIGNATURE_ALGORITHMS:
                            sigs.addAll(new TlsHandshake.U2Vector(new ByteBufferKaitaiStream(ext.body()))
                                    .values().items());
                            break;
                        default:
                            break;
                    }
                } catch (RuntimeException e) {
                    addFlag(flags, "bad-extension-" + type);
                }
            }
            flagDuplicates(extensions, flags);
        }
        List<Integer> ciphers = ch.cipherSuites().items();
        String ja4 = Ja4.compute(transport, ch.legacyVersion(), sniPresent, firstAlpn, versions, ciphers, extensions, sigs);
        return ParseResult.ok(new ClientHello(ch.legacyVersion(), sni, List.copyOf(alpn), List.copyOf(versions),
                List.copyOf(ciphers), List.copyOf(extensions), List.copyOf(sigs), ja4, List.copyOf(flags)),
                message.length);
    }

    /** A complete ServerHello handshake message (type, 3-byte length, body). */
    public static ParseResult<ServerHello> parseServerHelloMessage(byte[] message) {
        TlsHandshake.ServerHello sh;
        try {
            TlsHandshake hs = new TlsHandshake(new ByteBufferKaitaiStream(message));
            if (!(hs.body() instanceof TlsHandshake.ServerHello)) {
                return ParseResult.notThisProtocol();
            }
            sh = (TlsHandshake.ServerHello) hs.body();
        } catch (RuntimeException e) {
            return ParseResult.malformed("ServerHello body does not fit its length fields (" + brief(e) + ")");
        }
        int version = sh.legacyVersion();
        String alpn = null;
        if (sh.extensions() != null) {
            for (TlsHandshake.Extension ext : sh.extensions().list().items()) {
                try {
                    if (ext.type() == EXT_SUPPORTED_VERSIONS && ext.body().length == 2) {
                        // ServerHello carries the single selected_version (RFC 8446 §4.2.1)
                        version = ((ext.body()[0] & 0xff) << 8) | (ext.body()[1] & 0xff);
                    } else if (ext.type() == EXT_ALPN && alpn == null) {
                        List<String> names = new ArrayList<>();
                        alpnNames(ext.body(), names, new ArrayList<>());
                        alpn = names.isEmpty() ? null : names.get(0);
                    }
                } catch (RuntimeException e) {
                    // a broken extension leaves the legacy values in place
                }
            }
        }
        return ParseResult.ok(new ServerHello(version, sh.cipherSuite(), alpn), message.length);
    }

    private static String hostName(byte[] body, List<String> flags) {
        TlsHandshake.ServerNameList list = new TlsHandshake.ServerNameList(new ByteBufferKaitaiStream(body));
        for (TlsHandshake.ServerName n : list.names().items()) {
            if (n.nameType() == 0) { // host_name (RFC 6066 §3)
                byte[] name = n.name();
                if (name.length > MAX_NAME_CHARS) {
                    addFlag(flags, "sni-too-long");
                }
                if (!BoundedText.isPrintableAscii(name, 0, name.length)) {
                    addFlag(flags, "sni-not-ascii");
                }
                return BoundedText.printable(name, 0, name.length, MAX_NAME_CHARS);
            }
        }
        return null;
    }

    /** Adds the protocol names to {@code out}; returns the raw bytes of the first one (or null). */
    private static byte[] alpnNames(byte[] body, List<String> out, List<String> flags) {
        TlsHandshake.ProtocolNameList list = new TlsHandshake.ProtocolNameList(new ByteBufferKaitaiStream(body));
        byte[] first = null;
        for (TlsHandshake.ProtocolName p : list.names().items()) {
            if (out.size() == MAX_ALPN_VALUES) {
                addFlag(flags, "alpn-list-cut");
                break;
            }
            byte[] name = p.name();
            if (first == null) {
                first = name;
            }
            // Keep the exact bytes for JA4 when printable; escape otherwise.
            out.add(BoundedText.isPrintableAscii(name, 0, name.length) && name.length <= MAX_ALPN_CHARS
                    ? new String(name, StandardCharsets.US_ASCII)
                    : BoundedText.printable(name, 0, name.length, MAX_ALPN_CHARS));
        }
        return first;
    }

    private static void addFlag(List<String> flags, String flag) {
        if (!flags.contains(flag) && flags.size() < 16) {
            flags.add(flag);
        }
    }

    private static String brief(RuntimeException e) {
        return e.getClass().getSimpleName();
    }

    private static <T> ParseResult<T> relay(ParseResult<byte[]> r) {
        return new ParseResult<>(r.status(), null, 0, r.problem());
    }

    /**
     * RFC 8446 §4.2: an extension type MUST NOT appear twice (GREASE values aside). Sorting a copy keeps this
     * O(n log n) for a packed 64 KiB hello and allocates one small array per hello.
     */
    private static void flagDuplicates(List<Integer> types, List<String> flags) {
        int[] sorted = new int[types.size()];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = types.get(i);
        }
        java.util.Arrays.sort(sorted);
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1] && (i < 2 || sorted[i - 2] != sorted[i]) && !Grease.isGrease(sorted[i])) {
                addFlag(flags, "duplicate-extension-" + sorted[i]);
            }
        }
    }
}
