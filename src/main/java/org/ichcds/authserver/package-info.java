/**
 * The OAuth2 authorization server the demo and the tests get their FHIR access tokens from: Spring Authorization
 * Server, run as a process (and Spring context) of its own, issuing JWT access tokens to SMART Backend Services clients
 * ({@code client_credentials} with a {@code private_key_jwt} assertion). A site points the server at its own
 * authorization server instead; nothing in the server depends on this package, and the server does not load it.
 */
package org.ichcds.authserver;
