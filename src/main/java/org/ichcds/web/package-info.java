/** What the server's HTTP port serves at all: every path no feature claims is refused. */
package org.ichcds.web;
