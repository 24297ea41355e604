/**
 * What the server may fetch: every URL the server is handed (a hook's {@code fhirServer}, an Endpoint's address, a
 * JWKS URI) is checked against the configured origins and the addresses its host resolves to before a connection is
 * made. Pure Java: no Spring, no HTTP client.
 */
package org.ichcds.outbound;
