package io.proxyaudit.client;

import io.proxyaudit.policy.ReasonCode;
import io.proxyaudit.policy.Role;
import io.proxyaudit.policy.RouteDecision;

/**
 * One request cmd/go (or the git it runs) would make for a module, in order.
 *
 * @param kind      what the step is ({@code module-proxy}, {@code sumdb-probe}, {@code checksum-db}, {@code go-get},
 *                  {@code vcs-metadata}, {@code vcs}, {@code off}, {@code skip})
 * @param url       the URL requested (credentials redacted), or null when no request is made
 * @param client    the program making the request ({@link Client#NONE} when none is made)
 * @param role      endpoint role of the URL
 * @param decision  the network route of that request
 * @param fetchCode the GOPROXY/GOSUMDB walk code that leads to this step (e.g. {@code GOPROXY_FALLBACK_404}), or null
 * @param condition when the step happens, in plain words ({@code always}, {@code if the previous entry answered 404/410})
 */
public record PlanStep(String kind, String url, Client client, Role role, RouteDecision decision, ReasonCode fetchCode,
                       String condition) {}
