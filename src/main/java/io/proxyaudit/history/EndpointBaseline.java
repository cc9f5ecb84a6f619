package io.proxyaudit.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.proxyaudit.audit.Endpoint;
import io.proxyaudit.capture.IoReason;
import io.proxyaudit.report.AtomicFile;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The endpoints a baseline file knows (docs/baseline.md): each (host, port, route, client) with when it was first
 * and last seen and in how many passing runs. Read, extended by a passing run, written back atomically.
 *
 * @param runs      passing runs learnt
 * @param updatedAt the last update, or null for a baseline not written yet
 */
public record EndpointBaseline(Map<Endpoint, Seen> endpoints, int runs, Instant updatedAt) {
    /** Version of the file format: a field that changes meaning or goes away makes a new one. */
    public static final int VERSION = 1;
    private static final JsonFactory JSON = new JsonFactory();
    private static final Set<String> ROUTES = Set.of("proxy", "direct", "-");

    /** When an endpoint was first and last seen, and in how many learnt runs. */
    public record Seen(Instant firstSeen, Instant lastSeen, int runs) {}

    public static EndpointBaseline empty() {
        return new EndpointBaseline(new TreeMap<>(Endpoint.ORDER), 0, null);
    }

    /** The file's endpoints; a file that does not exist is null. */
    public static EndpointBaseline read(Path file) throws HistoryException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8); JsonParser p = JSON.createParser(r)) {
            return parse(p);
        } catch (NoSuchFileException e) {
            return null;
        } catch (JsonParseException e) {
            throw new HistoryException(file + ": not a proxyaudit baseline (not JSON at line "
                    + e.getLocation().getLineNr() + ")");
        } catch (Invalid e) {
            throw new HistoryException(file + ": " + e.getMessage());
        } catch (IOException e) {
            throw new HistoryException(file + ": cannot read it: " + IoReason.of(e));
        }
    }

    /** This baseline with a passing run's endpoints learnt. */
    public EndpointBaseline plus(Collection<Endpoint> seen, Instant at) {
        Map<Endpoint, Seen> m = new TreeMap<>(Endpoint.ORDER);
        m.putAll(endpoints);
        for (Endpoint e : seen) {
            m.merge(e, new Seen(at, at, 1), (old, now) -> new Seen(old.firstSeen(), at, old.runs() + 1));
        }
        return new EndpointBaseline(m, runs + 1, at);
    }

    public void write(Path file, String tool) throws IOException {
        AtomicFile.write(file, w -> {
            JsonGenerator g = JSON.createGenerator(w);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("schema_version", VERSION);
            g.writeStringField("tool", tool);
            g.writeStringField("updated_at", updatedAt == null ? null : updatedAt.toString());
            g.writeNumberField("runs", runs);
            g.writeArrayFieldStart("endpoints");
            for (Map.Entry<Endpoint, Seen> e : endpoints.entrySet()) {
                g.writeStartObject();
                g.writeStringField("host", e.getKey().host());
                g.writeNumberField("port", e.getKey().port());
                g.writeStringField("route", e.getKey().route());
                g.writeStringField("client", e.getKey().client());
                g.writeStringField("first_seen", e.getValue().firstSeen().toString());
                g.writeStringField("last_seen", e.getValue().lastSeen().toString());
                g.writeNumberField("runs", e.getValue().runs());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
            g.flush();
        });
    }

    /** A file that is JSON but not a baseline this version reads. */
    private static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String m) {
            super(m);
        }
    }

    private static EndpointBaseline parse(JsonParser p) throws IOException, Invalid {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new Invalid("not a proxyaudit baseline (a JSON object with schema_version and endpoints)");
        }
        Integer version = null;
        int runs = 0;
        Instant updated = null;
        Map<Endpoint, Seen> m = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "schema_version" -> version = p.currentToken() == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : -1;
                case "runs" -> runs = p.currentToken() == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : 0;
                case "updated_at" -> updated = p.currentToken() == JsonToken.VALUE_STRING ? instant(p.getText(), p) : null;
                case "endpoints" -> m = endpoints(p);
                default -> p.skipChildren();
            }
        }
        if (version == null || m == null) {
            throw new Invalid("not a proxyaudit baseline (no schema_version or no endpoints)");
        }
        if (version > VERSION || version < 1) {
            throw new Invalid("baseline schema_version " + version + " (this proxyaudit reads " + VERSION
                    + "): written by a newer proxyaudit; use that version or another --baseline file");
        }
        return new EndpointBaseline(m, runs, updated);
    }

    private static Map<Endpoint, Seen> endpoints(JsonParser p) throws IOException, Invalid {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new Invalid("endpoints is not a list (line " + p.currentLocation().getLineNr() + ")");
        }
        Map<Endpoint, Seen> m = new TreeMap<>(Endpoint.ORDER);
        while (p.nextToken() == JsonToken.START_OBJECT) {
            int line = p.currentLocation().getLineNr();
            String host = null, route = null, client = null;
            int port = -1, runs = 1;
            Instant first = null, last = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                switch (f) {
                    case "host" -> host = t == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "port" -> port = t == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : -1;
                    case "route" -> route = t == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "client" -> client = t == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "first_seen" -> first = t == JsonToken.VALUE_STRING ? instant(p.getText(), p) : null;
                    case "last_seen" -> last = t == JsonToken.VALUE_STRING ? instant(p.getText(), p) : null;
                    case "runs" -> runs = t == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : 1;
                    default -> p.skipChildren();
                }
            }
            if (host == null || host.isEmpty() || host.length() > Endpoint.MAX_HOST || port < 0 || port > 65535
                    || route == null || !ROUTES.contains(route) || client == null || client.isEmpty()) {
                throw new Invalid("endpoint at line " + line + " needs host, port (0-65535), route (proxy, direct "
                        + "or -) and client");
            }
            Instant f0 = first == null ? Instant.EPOCH : first;
            m.put(new Endpoint(host, port, route, client), new Seen(f0, last == null ? f0 : last, runs));
        }
        if (p.currentToken() != JsonToken.END_ARRAY) {
            throw new Invalid("endpoints holds something other than objects (line "
                    + p.currentLocation().getLineNr() + ")");
        }
        return m;
    }

    private static Instant instant(String s, JsonParser p) throws Invalid {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new Invalid("not an ISO-8601 UTC time at line " + p.currentLocation().getLineNr() + ": "
                    + (s.length() > 40 ? s.substring(0, 40) + "..." : s));
        }
    }
}
