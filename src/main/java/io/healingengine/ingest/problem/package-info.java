/** RFC 9457 problem details: the one failure format of the HTTP API. */
package io.healingengine.ingest.problem;
