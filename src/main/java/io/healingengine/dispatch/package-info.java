/**
 * Dispatch of approved actions over the event bus, one address per action kind, to executor
 * verticles; every outcome, including "no executor", "executor crashed" and "executor silent",
 * comes back as an ActionResult. Depends on domain, bus, config and Vert.x.
 */
package io.healingengine.dispatch;
