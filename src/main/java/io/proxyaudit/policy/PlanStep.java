package io.proxyaudit.policy;

import io.proxyaudit.audit.Role;

/**
 * One request cmd/go (or the git it runs) would make for a module, in order.
 *
 * @param kind      what the step is ({@code module-proxy}, {@code sumdb-probe}, {@code checksum-db}, {@code go-get},
 *                  {@code vcs-metadata}, {@code vcs}, {@code off}, {@code skip})
 * @param url       the URL requested (credentials redacted), or null when no request is made
 * @param client    {@code go-http}, {@code git-curl}, {@code git-ssh}, or {@code none}
 * @param role      endpoint role of the URL
 * @param decision  the network route of that request
 * @param fetchCode the GOPROXY/GOSUMDB walk code that leads to this step (e.g. {@code GOPROXY_FALLBACK_404}), or null
 * @param condition when the step happens, in plain words ({@code always}, {@code if the previous entry answered 404/410})
 */
public record PlanStep(String kind, String url, String client, Role role, RouteDecision decision, ReasonCode fetchCode,
                       String condition) {}
