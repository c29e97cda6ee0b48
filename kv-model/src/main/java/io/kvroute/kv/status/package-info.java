/**
 * What an agent says of itself to the proxies: its status key's document ({@link io.kvroute.kv.status.AgentStatus}:
 * node, version, lease TTL and id, the keys it holds, its problems, when written) and its JSON
 * ({@link io.kvroute.kv.status.AgentStatusJson}). The key itself is named by
 * {@link io.kvroute.kv.layout.keys.AgentStatusKeys}. The agent writes it on its own lease, so it goes when the agent
 * dies; the proxy's dashboard shows it.
 */
package io.kvroute.kv.status;
