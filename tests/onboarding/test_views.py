"""The hot reads dump the stored fields without building a model (issue 30): what they answer is what the model's
dump answered, defaults included."""

from services.onboarding import models, repository, schemas
from services.onboarding import rules as onboarding_rules
from services.onboarding.usecases import subjects
from tests.conftest import publisher

from .cases import merchant
from .usecases import Onboarding


def test_a_subject_read_from_its_stored_fields_answers_as_its_model_did(replica_for):
    service = Onboarding(replica_for("onboarding"), publisher([]))
    service.submit(merchant(subject_id="viewed"))
    subject = repository.subject("viewed")
    subjects.set_status(service.ctx, subject, "restricted", "a reason", ["R-REP-01"], "evaluation:1")
    repository.update_subject("viewed", set__rectify_by=subject.created_at)
    model = repository.subject("viewed")
    expected = schemas.SubjectOut().dump(model)
    expected["identity"] = subjects.masked_identity(model.identity, reveal=False)
    assert service.subject_view("viewed") == expected
    assert service.subject_view("viewed", {"sub": "r1", "role": "reviewer"})["identity"] == model.identity


def test_the_review_queue_read_from_stored_fields_answers_as_its_models_did(replica_for):
    service = Onboarding(replica_for("onboarding"), publisher([]))
    for i in range(3):
        service.submit(merchant(subject_id=f"queued-{i}", drop_docs=["service_contract"]))
    page = service.review_queue(None, None, 20)
    models = [repository.application(item["application_id"]) for item in page["items"]]
    assert models and all(m.status == "pending_review" for m in models)
    expected = schemas.ApplicationPage().dump({"items": models, "next_cursor": page["next_cursor"]})
    for item in expected["items"]:
        item["identity"] = subjects.masked_identity(item["identity"], reveal=False)
    assert page == expected


def test_a_subject_blacklisted_here_before_its_identity_links_existed_still_bars_its_identity_R_ONB_05(replica_for):
    """The blacklisted identities are built once per database from the blacklisted subjects, with their identity
    keys when they have no links (a subject stored before the liability graph)."""
    service = Onboarding(replica_for("onboarding"), publisher([]))
    application = merchant(subject_id="newcomer")
    models.Subject._get_collection().insert_one({
        "_id": "old-timer", "subject_type": "merchant", "status": "blacklisted", "history": [],
        "identity_keys": onboarding_rules.identity_keys(application["identity"])})
    answer = service.submit(application)
    assert answer["status"] == "rejected"
    assert any(c["rule_id"] == "R-ONB-05" and c["outcome"] == "fail" for c in answer["checks"]), answer["checks"]


def test_a_submission_answers_from_the_fields_it_stored_as_its_model_did(replica_for):
    from services.onboarding.usecases import applications

    service = Onboarding(replica_for("onboarding"), publisher([]))
    for app in (merchant(subject_id="answered"), merchant(subject_id="to-review", drop_docs=["service_contract"])):
        answer = service.submit(app)
        model = models.Application.objects(application_id=answer["application_id"]).first()
        expected = applications.view(model, reveal=False)  # read back: its times to the millisecond, as stored

        def untimed(view):
            return {**{k: v for k, v in view.items() if k not in ("submitted_at", "decided_at", "history")},
                    "history": [{k: v for k, v in step.items() if k != "at"} for step in view["history"]]}

        def times(view):
            return [(view[k] or "")[:23] for k in ("submitted_at", "decided_at")] + [s["at"][:23] for s in view["history"]]

        assert untimed(answer) == untimed(expected) and times(answer) == times(expected)
