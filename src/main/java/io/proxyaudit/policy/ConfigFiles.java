package io.proxyaudit.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.proxyaudit.capture.IoReason;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * {@code --config-file}: the proxy settings of a client's configuration file, recognised by its name, as
 * {@code <client>.<key>} entries of {@link ProxyConfig} ({@link ProxyConfig#FILE_PREFIXES}). Only proxy settings are
 * kept: tokens, passwords and every other setting are dropped on reading (a settings.xml {@code <username>} is kept as
 * {@code ***}, meaning "a user is configured"). A file that cannot be read is a {@link ConfigException} naming the
 * file, the line and what was wrong.
 */
public final class ConfigFiles {
    private static final long MAX_SIZE = 4L * 1024 * 1024;
    private static final Set<String> NPM_KEYS = Set.of("proxy", "https-proxy", "noproxy");
    private static final Set<String> GRADLE_KEYS = Set.of("http.proxyHost", "http.proxyPort", "https.proxyHost",
            "https.proxyPort", "http.nonProxyHosts", "socksProxyHost", "socksProxyPort", "proxyHost", "proxyPort");
    private static final Set<String> DOCKER_KEYS = Set.of("http-proxy", "https-proxy", "no-proxy");
    /** The names recognised, for the error on any other. */
    public static final String KNOWN = ".npmrc, settings.xml, gradle.properties, pip.conf, pip.ini, .cargo/config.toml"
            + " (or .cargo/config), daemon.json";

    /** One setting read: the key, its value and the line it came from. */
    record Setting(String key, String value, int line) {}

    private ConfigFiles() {}

    /** Reads {@code file} into {@code b} (sources {@code name:line}). */
    public static void read(ProxyConfig.Builder b, Path file) throws ConfigException {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        String text = text(file);
        List<Setting> settings;
        if (name.equals(".npmrc") || name.equals("npmrc")) {
            settings = npmrc(text);
        } else if (name.equals("settings.xml")) {
            settings = mavenSettings(file, text);
        } else if (name.equals("gradle.properties")) {
            settings = gradleProperties(file, text);
        } else if (name.equals("pip.conf") || name.equals("pip.ini")) {
            settings = pipConf(file, text);
        } else if (name.equals("config.toml") || (name.equals("config") && file.getParent() != null
                && ".cargo".equals(String.valueOf(file.getParent().getFileName())))) {
            settings = cargoConfig(file, text);
        } else if (name.equals("daemon.json")) {
            settings = daemonJson(file, text);
        } else {
            throw new ConfigException(file + ": not a configuration file proxyaudit reads (by name: " + KNOWN + ")");
        }
        for (Setting s : settings) {
            b.put(s.key(), s.value(), s.line() > 0 ? name + ":" + s.line() : name);
        }
    }

    /** A configuration file's text (UTF-8, at most 4 MiB, a BOM dropped); one-line errors naming the file. */
    public static String text(Path file) throws ConfigException {
        try {
            if (Files.isDirectory(file)) {
                throw new ConfigException(file + ": is a directory, not a configuration file");
            }
            if (Files.size(file) > MAX_SIZE) {
                throw new ConfigException(file + ": configuration file larger than 4 MiB");
            }
            byte[] bytes = Files.readAllBytes(file);
            java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
            try {
                String s = StandardCharsets.UTF_8.newDecoder().decode(in).toString();
                return s.startsWith("\uFEFF") ? s.substring(1) : s;
            } catch (CharacterCodingException e) {
                throw new ConfigException(file + ": not UTF-8 text (byte offset " + in.position() + ")");
            }
        } catch (IOException e) {
            throw new ConfigException(file + ": " + IoReason.of(e));
        }
    }

    /** A parser's message on one line, bounded (it may quote the file). */
    private static String oneLine(String s) {
        String one = s == null ? "" : s.replaceAll("\\s+", " ").strip();
        return Redaction.redact(one.length() > 160 ? one.substring(0, 160) + "..." : one);
    }

    private static String[] lines(String text) {
        return text.split("\r?\n", -1);
    }

    /**
     * npm/cli workspaces/config: .npmrc is read with the {@code ini} package: {@code key = value} lines, {@code ;} and
     * {@code #} comments, a quoted value unquoted. Lines that are not assignments are ignored as npm does.
     */
    static List<Setting> npmrc(String text) {
        List<Setting> out = new ArrayList<>();
        String[] lines = lines(text);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            int eq = line.indexOf('=');
            if (line.isEmpty() || line.startsWith(";") || line.startsWith("#") || eq <= 0) {
                continue;
            }
            String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            if (NPM_KEYS.contains(key)) {
                out.add(new Setting("npm." + key, unquote(line.substring(eq + 1).strip()), i + 1));
            }
        }
        return out;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && ((v.startsWith("\"") && v.endsWith("\"")) || (v.startsWith("'") && v.endsWith("'")))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    /**
     * Maven's settings.xml {@code <proxies><proxy>}: id, active, protocol, host, port, nonProxyHosts (apache/maven
     * maven-settings settings.mdo), in file order as {@code maven.proxy.<nn>.<field>}.
     */
    static List<Setting> mavenSettings(Path file, String text) throws ConfigException {
        Element root;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            DocumentBuilder db = f.newDocumentBuilder();
            db.setErrorHandler(null);
            root = db.parse(new InputSource(new StringReader(text))).getDocumentElement();
        } catch (SAXParseException e) {
            throw new ConfigException(file + ":" + e.getLineNumber() + ": not well-formed XML: " + oneLine(e.getMessage()));
        } catch (SAXException | IOException | ParserConfigurationException e) {
            throw new ConfigException(file + ": not well-formed XML: " + oneLine(String.valueOf(e.getMessage())));
        }
        if (!root.getNodeName().equals("settings")) {
            throw new ConfigException(file + ":1: the root element is <" + root.getNodeName() + ">, not <settings>");
        }
        List<Setting> out = new ArrayList<>();
        int n = 0;
        for (Element proxies : children(root, "proxies")) {
            for (Element proxy : children(proxies, "proxy")) {
                String index = String.format("%02d", ++n);
                for (String field : new String[] {"id", "active", "protocol", "host", "port", "nonProxyHosts", "username"}) {
                    for (Element e : children(proxy, field)) {
                        String value = field.equals("username") ? "***" : e.getTextContent().strip();
                        out.add(new Setting("maven.proxy." + index + "." + field, value, 0));
                    }
                }
            }
        }
        return out;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node c = nodes.item(i);
            if (c instanceof Element e && (name.equals(e.getLocalName()) || name.equals(e.getNodeName()))) {
                out.add(e);
            }
        }
        return out;
    }

    /** gradle.properties (java.util.Properties syntax): the {@code systemProp.*} proxy properties. */
    static List<Setting> gradleProperties(Path file, String text) throws ConfigException {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(file + ": not a properties file: " + oneLine(String.valueOf(e.getMessage())));
        }
        List<Setting> out = new ArrayList<>();
        String[] lines = lines(text);
        for (String k : new java.util.TreeSet<>(p.stringPropertyNames())) {
            if (k.startsWith("systemProp.") && GRADLE_KEYS.contains(k.substring("systemProp.".length()))) {
                out.add(new Setting("gradle." + k, p.getProperty(k).strip(), lineOf(lines, k)));
            }
        }
        return out;
    }

    private static int lineOf(String[] lines, String key) {
        int found = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].strip().startsWith(key)) {
                found = i + 1;
            }
        }
        return found;
    }

    /**
     * pip.conf / pip.ini (Python configparser, read by pypa/pip src/pip/_internal/configuration.py): {@code [section]}
     * and {@code key = value} or {@code key: value}; {@code proxy} of {@code [install]}, else {@code [download]}, else
     * {@code [global]} (the command's section wins over global). configparser refuses other lines, and so does pip.
     */
    static List<Setting> pipConf(Path file, String text) throws ConfigException {
        String section = null;
        Setting global = null;
        Setting command = null;
        String[] lines = lines(text);
        for (int i = 0; i < lines.length; i++) {
            String raw = lines[i];
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (Character.isWhitespace(raw.charAt(0)) && section != null) {
                continue; // a continuation line
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]")) {
                    throw new ConfigException(file + ":" + (i + 1) + ": a section header needs a closing ]");
                }
                section = line.substring(1, line.length() - 1).strip();
                continue;
            }
            int eq = line.indexOf('=');
            int colon = line.indexOf(':');
            int sep = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
            if (sep <= 0) {
                throw new ConfigException(file + ":" + (i + 1) + ": not 'key = value' or a [section] (pip stops on it too)");
            }
            if (section == null) {
                throw new ConfigException(file + ":" + (i + 1) + ": 'key = value' before any [section] (pip stops on it too)");
            }
            String key = line.substring(0, sep).strip().toLowerCase(Locale.ROOT).replace('_', '-');
            if (key.equals("proxy")) {
                Setting s = new Setting("pip.proxy", line.substring(sep + 1).strip(), i + 1);
                if (section.equals("global")) {
                    global = s;
                } else if (section.equals("install") || (section.equals("download") && command == null)) {
                    command = s;
                }
            }
        }
        Setting chosen = command != null ? command : global;
        return chosen == null ? List.of() : List.of(chosen);
    }

    /**
     * cargo's config.toml (rust-lang/cargo doc/book/src/reference/config.md {@code [http] proxy}): {@code proxy} in
     * an {@code [http]} table or {@code http.proxy} at the top, as a TOML string. A minimal TOML reader: tables,
     * {@code key = value} lines, basic and literal strings; what it cannot read is an error with its line.
     */
    static List<Setting> cargoConfig(Path file, String text) throws ConfigException {
        String table = "";
        List<Setting> out = new ArrayList<>();
        String[] lines = lines(text);
        for (int i = 0; i < lines.length; i++) {
            String line = stripTomlComment(lines[i]).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]")) {
                    throw new ConfigException(file + ":" + (i + 1) + ": a table header needs a closing ]");
                }
                table = line.replaceAll("^\\[+|\\]+$", "").strip();
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(file + ":" + (i + 1) + ": not 'key = value' or a [table]");
            }
            String key = line.substring(0, eq).strip().replace("\"", "");
            String full = table.isEmpty() ? key : table + "." + key;
            if (full.equals("http.proxy")) {
                out.add(new Setting("cargo.http.proxy", tomlString(file, i + 1, line.substring(eq + 1).strip()), i + 1));
            }
        }
        return out;
    }

    private static String stripTomlComment(String line) {
        boolean inBasic = false;
        boolean inLiteral = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && inBasic) {
                i++;
            } else if (c == '"' && !inLiteral) {
                inBasic = !inBasic;
            } else if (c == '\'' && !inBasic) {
                inLiteral = !inLiteral;
            } else if (c == '#' && !inBasic && !inLiteral) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static String tomlString(Path file, int line, String v) throws ConfigException {
        if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) {
            return v.substring(1, v.length() - 1);
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        throw new ConfigException(file + ":" + line + ": http.proxy must be a quoted string, e.g. proxy = \"http://host:3128\"");
    }

    /** Docker's daemon.json (Engine 23+): the {@code "proxies"} object's http-proxy, https-proxy, no-proxy. */
    static List<Setting> daemonJson(Path file, String text) throws ConfigException {
        List<Setting> out = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ConfigException(file + ":1: daemon.json must be one JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (field.equals("proxies") && t == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String key = p.currentName();
                        JsonToken v = p.nextToken();
                        if (DOCKER_KEYS.contains(key) && v == JsonToken.VALUE_STRING) {
                            out.add(new Setting("docker." + key, p.getText(), p.currentLocation().getLineNr()));
                        } else {
                            p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new ConfigException(file + ":" + p.currentLocation().getLineNr() + ": daemon.json is not one JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new ConfigException(file + ":" + e.getLocation().getLineNr() + ": not JSON: "
                    + oneLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ConfigException(file + ": " + IoReason.of(e));
        }
        return out;
    }
}
