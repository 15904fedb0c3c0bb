package io.healingengine.engine;

import io.healingengine.bus.ApprovalView;
import io.healingengine.bus.DecideApproval;
import io.healingengine.bus.DecisionAnswer;
import io.healingengine.bus.FreezeView;
import io.healingengine.bus.Unfreeze;
import io.healingengine.domain.ApprovalDecision;
import io.healingengine.domain.ApprovalRequest;
import io.healingengine.domain.AreaFreeze;
import io.healingengine.rules.RuleSession;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What people do with the guards, on the engine's thread: read approvals and freezes, decide an
 * approval (the rules then act on the decision), lift a freeze by hand.
 */
final class GuardDesk {
    private static final Logger LOG = LoggerFactory.getLogger("self_heal");
    private final RuleSession session;
    private final Runnable evaluate;

    GuardDesk(RuleSession session, Runnable evaluate) {
        this.session = session;
        this.evaluate = evaluate;
    }

    List<ApprovalView> approvals() {
        return session.facts(ApprovalRequest.class).stream()
                .sorted(Comparator.comparingLong(ApprovalRequest::getRequestedAt).reversed())
                .map(ApprovalView::of).toList();
    }

    DecisionAnswer decide(DecideApproval decision) {
        Optional<ApprovalRequest> approval = session.facts(ApprovalRequest.class).stream()
                .filter(a -> a.getId().equals(decision.approvalId())).findFirst();
        if (approval.isEmpty()) {
            return new DecisionAnswer(DecisionAnswer.Outcome.NOT_FOUND, null);
        }
        if (approval.get().getStatus() != ApprovalRequest.Status.PENDING) {
            return new DecisionAnswer(DecisionAnswer.Outcome.NOT_PENDING, ApprovalView.of(approval.get()));
        }
        session.insert(new ApprovalDecision(decision.approvalId(), decision.approve(), decision.by(), decision.reason()));
        evaluate.run();
        return new DecisionAnswer(DecisionAnswer.Outcome.DECIDED, ApprovalView.of(approval.get()));
    }

    List<FreezeView> freezes() {
        return session.facts(AreaFreeze.class).stream().map(FreezeView::of).toList();
    }

    boolean unfreeze(Unfreeze request) {
        Optional<AreaFreeze> freeze = session.facts(AreaFreeze.class).stream()
                .filter(f -> f.getArea().equals(request.area())).findFirst();
        freeze.ifPresent(f -> {
            session.delete(session.refOf(f));
            LOG.info("self_heal event=area_unfrozen area={} by=\"{}\" reason=\"{}\" was=\"{}\"", request.area(),
                    LogText.clean(request.by()), LogText.clean(request.reason()), LogText.clean(f.getReason()));
            evaluate.run();
        });
        return freeze.isPresent();
    }
}
