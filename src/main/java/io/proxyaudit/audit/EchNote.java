package io.proxyaudit.audit;

import io.proxyaudit.flow.FlowHost;
import io.proxyaudit.flow.FlowRecord;
import io.proxyaudit.proto.tls.ClientHello;

/**
 * What a verdict adds when the flow's ClientHello offers encrypted_client_hello (draft-ietf-tls-esni): the SNI on
 * the wire is then the outer, public name ({@code ECHConfig.public_name}) and the real one is encrypted, so the
 * host the verdict rests on comes from DNS or the address ({@link FlowHost#echFallback}). A GREASE ECH (§6.2,
 * Chromium without an ECH configuration) looks the same on the wire and carries the real name outside.
 */
final class EchNote {
    private EchNote() {}

    /** "" when the hello offers no ECH, else the sentence to append to the reason. */
    static String of(FlowRecord f, String host) {
        ClientHello h = f.clientHello();
        if (h == null || !h.offersEch()) {
            return "";
        }
        String sni = h.sni() == null || h.sni().isEmpty() ? null : h.sni();
        if (sni == null) {
            return "; the ClientHello offers ECH (encrypted_client_hello) and names no host outside it: the real name is"
                    + " hidden, so the host is " + host + " from DNS or the address";
        }
        if (!sni.equalsIgnoreCase(host)) {
            return "; the ClientHello offers ECH (encrypted_client_hello): the real name is hidden and the SNI " + sni
                    + " is the outer, public name, so the host " + host + " is the capture's DNS answer for " + f.serverIp();
        }
        if (f.serverNames() != null && !f.serverNames().isEmpty()) {
            // with real ECH the client resolves the inner name, never the public name: a lookup of the SNI means
            // the SNI is the name the client wanted
            return "; the ClientHello offers ECH (encrypted_client_hello), but the capture's DNS answer for "
                    + f.serverIp() + " names the SNI " + sni + " too: a GREASE ECH, the SNI is the real name";
        }
        return "; the ClientHello offers ECH (encrypted_client_hello): if it is real, the SNI " + sni + " is only the"
                + " outer, public name and the real name is hidden (a GREASE ECH, as Chromium sends without an ECH"
                + " configuration, looks the same and carries the real name); no DNS answer in the capture names "
                + f.serverIp() + " otherwise, so the verdict rests on " + sni;
    }
}
