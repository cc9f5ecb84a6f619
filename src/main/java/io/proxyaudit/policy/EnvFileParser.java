package io.proxyaudit.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads environment assignments from the text of an env file. Accepted forms, detected per file/line:
 * <ul>
 *   <li>{@code go env -json}: the whole file is one JSON object of strings;</li>
 *   <li>{@code go env} on Unix: {@code K="v"} (Go ≤ 1.21) or {@code K='v'} with {@code '\''} for a quote
 *       (newer Go, envcmd.go shellQuote);</li>
 *   <li>shell: {@code export K=V} with single/double quotes and backslash escapes; an unquoted blank in the
 *       value is an error (the shell would cut the value there);</li>
 *   <li>dotenv: {@code K=V}; quoted values as in shell, an unquoted value is the rest of the line with
 *       blanks kept (as docker's --env-file does), minus a {@code " #"} comment;</li>
 *   <li>{@code go env} on Windows: {@code set K=V} (rest of the line, literal).</li>
 * </ul>
 * Blank lines and {@code #} comments are skipped. Keys are {@code [A-Za-z_][A-Za-z0-9_]*} or git keys
 * beginning with {@code git.}. Errors are {@link ConfigException}s reading {@code file:line: what}.
 */
public final class EnvFileParser {
    /** One assignment and the 1-based line it came from. */
    public record Assignment(String key, String value, int line) {}

    private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int MAX_VALUE = 64 * 1024;
    private static final JsonFactory JSON = new JsonFactory();

    private EnvFileParser() {}

    public static List<Assignment> parse(String name, String text) throws ConfigException {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        if (body.stripLeading().startsWith("{")) {
            return parseJson(name, body);
        }
        List<Assignment> out = new ArrayList<>();
        String[] lines = body.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Assignment a = parseLine(name, i + 1, lines[i]);
            if (a != null) {
                out.add(a);
            }
        }
        return out;
    }

    /** True when {@code key} is acceptable as an assignment key. */
    public static boolean validKey(String key) {
        if (ENV_KEY.matcher(key).matches()) {
            return true;
        }
        if ((!key.startsWith("git.") || key.length() == 4) && !ProxyConfig.isFileKey(key)) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c <= ' ' || c == '"' || c == '\'' || c == '=') {
                return false;
            }
        }
        return true;
    }

    static Assignment parseLine(String name, int lineNo, String raw) throws ConfigException {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#")) {
            return null;
        }
        boolean shell = false;
        boolean windows = false;
        if (line.startsWith("export ") || line.startsWith("export\t")) {
            shell = true;
            line = line.substring(7).stripLeading();
        } else if (line.startsWith("set ")) {
            windows = true;
            line = line.substring(4).stripLeading();
        }
        int eq = line.indexOf('=');
        if (eq <= 0) {
            throw new ConfigException(name + ":" + lineNo + ": expected KEY=VALUE, got '" + abbreviate(raw) + "'");
        }
        String key = line.substring(0, eq);
        if (!validKey(key)) {
            throw new ConfigException(name + ":" + lineNo + ": invalid variable name '" + abbreviate(key) + "'");
        }
        String rest = line.substring(eq + 1);
        if (rest.length() > MAX_VALUE) {
            throw new ConfigException(name + ":" + lineNo + ": value longer than " + MAX_VALUE + " characters");
        }
        String value = windows ? rest : parseValue(name, lineNo, rest, shell);
        return new Assignment(key, value, lineNo);
    }

    private static String parseValue(String name, int lineNo, String s, boolean shell) throws ConfigException {
        StringBuilder out = new StringBuilder();
        int i = 0;
        boolean quoted = false;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\'') {
                int close = s.indexOf('\'', i + 1);
                if (close < 0) {
                    throw new ConfigException(name + ":" + lineNo + ": unterminated single quote");
                }
                out.append(s, i + 1, close);
                i = close + 1;
                quoted = true;
            } else if (c == '"') {
                i++;
                boolean closed = false;
                while (i < s.length()) {
                    char d = s.charAt(i);
                    if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    }
                    // POSIX: inside double quotes a backslash escapes only $ ` " \ and newline
                    if (d == '\\' && i + 1 < s.length() && "$`\"\\".indexOf(s.charAt(i + 1)) >= 0) {
                        out.append(s.charAt(i + 1));
                        i += 2;
                    } else {
                        out.append(d);
                        i++;
                    }
                }
                if (!closed) {
                    throw new ConfigException(name + ":" + lineNo + ": unterminated double quote");
                }
                quoted = true;
            } else if (c == '\\' && i + 1 < s.length()) {
                out.append(s.charAt(i + 1));
                i += 2;
            } else if (c == ' ' || c == '\t') {
                String tail = s.substring(i).strip();
                if (tail.isEmpty() || tail.startsWith("#")) {
                    break;
                }
                if (shell || quoted) {
                    throw new ConfigException(name + ":" + lineNo + ": unquoted blank in value before '"
                            + abbreviate(tail) + "' (quote the value)");
                }
                // dotenv: the unquoted value runs to the end of the line, comment removed
                int hash = s.indexOf(" #", i);
                String literal = (hash >= 0 ? s.substring(0, hash) : s).strip();
                return literal;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static List<Assignment> parseJson(String name, String body) throws ConfigException {
        List<Assignment> out = new ArrayList<>();
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ConfigException(name + ":1: expected a JSON object (go env -json)");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                int line = p.currentLocation().getLineNr();
                JsonToken v = p.nextToken();
                if (v != JsonToken.VALUE_STRING) {
                    throw new ConfigException(name + ":" + line + ": value of " + abbreviate(key) + " is not a string");
                }
                if (!validKey(key)) {
                    throw new ConfigException(name + ":" + line + ": invalid variable name '" + abbreviate(key) + "'");
                }
                out.add(new Assignment(key, p.getText(), line));
            }
            if (t != JsonToken.END_OBJECT) {
                throw new ConfigException(name + ":" + p.currentLocation().getLineNr() + ": malformed JSON object");
            }
            if (p.nextToken() != null) {
                throw new ConfigException(name + ":" + p.currentLocation().getLineNr()
                        + ": unexpected data after the JSON object");
            }
        } catch (IOException e) {
            String msg = e.getMessage() == null ? "malformed JSON" : e.getMessage().lines().findFirst().orElse("");
            int line = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe && jpe.getLocation() != null
                    ? jpe.getLocation().getLineNr() : 1;
            throw new ConfigException(name + ":" + line + ": malformed JSON: " + printable(msg));
        }
        return out;
    }

    private static String abbreviate(String s) {
        String t = Redaction.redact(s.strip());
        return printable(t.length() > 60 ? t.substring(0, 57) + "..." : t);
    }

    /** Control characters from the file would act on the user's terminal (ESC sequences): shown as \xHH. */
    private static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
