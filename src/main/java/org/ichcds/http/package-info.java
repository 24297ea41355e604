/**
 * Outgoing HTTP: the one client library of every outgoing call ({@link org.ichcds.http.OutgoingHttp}), and what the
 * server may fetch at all ({@link org.ichcds.http.OutboundPolicy}): a URL the server is handed (a hook's
 * {@code fhirServer}, an Endpoint's address) must lie under a configured base URL, and every address its host resolves
 * to must pass the {@link org.ichcds.http.AddressPolicy}.
 */
package org.ichcds.http;
