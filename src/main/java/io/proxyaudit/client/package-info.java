/**
 * The programs whose proxy rules proxyaudit knows, one {@link io.proxyaudit.client.ClientPolicy} each: the type
 * {@link io.proxyaudit.client.Client}, its policies registered in {@link io.proxyaudit.client.ClientPolicies}
 * (route decision and remediation), {@link io.proxyaudit.client.ClientDetector} (which client made a flow: port,
 * User-Agent, JA4, endpoint role) and cmd/go's fetch plan ({@link io.proxyaudit.client.FetchPlanner}). Uses the
 * configuration and selection functions of {@code policy}; used by {@code audit} and {@code cli}.
 * docs/architecture.md says where a new client goes.
 */
package io.proxyaudit.client;
