"""Pages keep working under the Content-Security-Policy, in a real browser: every violation the
browser reports (securitypolicyviolation event, console) fails the test. Visited: public pages,
the commune picker (htmx), the composition board (an htmx POST, its CSRF token taken from the
page since the cookie is HttpOnly), the co-development timer, the MFA QR code, the admin, and
the French error pages (checked with axe-core)."""

import pytest

from essaim.accounts.models import Role
from essaim.accounts.tests.factories import PASSWORD, UserFactory
from essaim.applications.models import ApplicationStatus
from essaim.applications.tests.factories import ApplicationFactory
from essaim.cohorts.services.composition import composition_run_create
from essaim.cohorts.tests.factories import CohortFactory, CohortMembershipFactory
from essaim.conftest import assert_accessible, sign_in
from essaim.organisations.tests.factories import MembershipFactory, OrganisationFactory
from essaim.programmes.tests.factories import CallFactory, ProgrammeFactory
from essaim.sessions.tests.factories import SessionFactory

pytestmark = pytest.mark.browser

WATCH = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportViolation(`${event.violatedDirective} ${event.blockedURI} ${document.location}`);
});
"""


def watched(page):
    """Record every CSP or Permissions-Policy complaint of the browser on this page."""
    violations = []
    page.expose_function("reportViolation", lambda text: violations.append(text))
    page.add_init_script(WATCH)

    def on_console(message):
        text = message.text
        if "Content Security Policy" in text or "Permissions-Policy" in text:
            violations.append(f"console: {text}")

    page.on("console", on_console)
    return violations


@pytest.fixture
def people(reference_data):
    operator = OrganisationFactory(operator=True)
    advisor = MembershipFactory(organisation=operator, role=Role.ADVISOR).user
    programme = ProgrammeFactory(operator=operator)
    call = CallFactory(programme=programme)
    for _ in range(6):
        ApplicationFactory(call=call, status=ApplicationStatus.ADMITTED)
    run = composition_run_create(
        actor=advisor,
        call=call,
        options={"min_size": 3, "max_size": 3, "weights": {"need": 1}, "time_limit": 2},
    )
    cohort = CohortFactory(programme=programme)
    organisation = OrganisationFactory()
    CohortMembershipFactory(cohort=cohort, organisation=organisation)
    codev = SessionFactory(cohort=cohort, codev=True, now=True, title="Codéveloppement")
    codev.facilitators.add(advisor)
    return {
        "advisor": advisor,
        "member": MembershipFactory(organisation=organisation).user,
        "admin": UserFactory(admin=True),
        "run": run,
        "codev": codev,
        "cohort": cohort,
    }


def test_the_browser_enforces_the_policy_and_reports_what_it_blocks(page):
    violations = watched(page)
    page.goto(page.base_url + "/")

    # An inline style, as htmx would inject without its configuration: refused and reported.
    page.evaluate("document.head.insertAdjacentHTML('beforeend', '<style>body{}</style>')")
    page.wait_for_function("document.styleSheets.length > 0")

    assert any(v.startswith("style-src") for v in violations), violations


def test_no_page_breaks_under_the_csp(open_page, people):
    base = open_page().base_url

    member = open_page()
    violations = watched(member)
    sign_in(member, people["member"])
    member.goto(base + "/")
    member.goto(base + "/programmes/")
    # The commune picker: htmx fetches the options as the person types.
    member.goto(base + "/structures/nouvelle/")
    member.get_by_label("Commune du siège").press_sequentially("Cae", delay=50)
    member.locator("#id_head_office_commune-options option").first.wait_for(state="attached")
    # The TOTP QR code is a data: image.
    member.goto(base + "/comptes/2fa/totp/activate/")
    member.get_by_label("Mot de passe").fill(PASSWORD)  # allauth asks again before MFA changes
    member.locator("main form button[type=submit]").click()
    member.wait_for_url("**/comptes/2fa/totp/activate/")
    qr_code = member.locator("img[src^='data:']")
    assert qr_code.evaluate("img => img.complete && img.naturalWidth > 0")
    # The French error pages, in the site's layout.
    member.goto(base + "/cette-page-n-existe-pas/")
    assert member.title() == "Page introuvable · essaim"
    assert_accessible(member)
    member.goto(f"{base}/cohortes/{people['cohort'].pk}/modifier/")
    assert member.title() == "Accès refusé · essaim"
    assert_accessible(member)

    advisor = open_page()
    violations += watched(advisor)
    sign_in(advisor, people["advisor"])
    # The composition board: an htmx POST that needs the CSRF token from the page.
    run = people["run"]
    advisor.goto(f"{base}/cohortes/compositions/{run.pk}/")
    form = advisor.locator("#board section form").first
    current = form.get_by_role("combobox").input_value()
    other = next(
        value
        for value in form.get_by_role("combobox")
        .locator("option")
        .evaluate_all("options => options.map(o => o.value)")
        if value and value != current
    )
    form.get_by_role("combobox").select_option(other)
    with advisor.expect_response(lambda response: "/deplacer/" in response.url) as moved:
        form.get_by_role("button").first.click()
    assert moved.value.status == 200
    run.refresh_from_db()
    assert sorted(list(run.assignment.values()).count(i) for i in (0, 1)) == [2, 4]
    # The co-development timer (a static script).
    advisor.goto(f"{base}/sessions/{people['codev'].pk}/codeveloppement/")
    advisor.get_by_role("button", name="Commencer la première étape").click()
    advisor.wait_for_selector("[data-timer-display]")

    admin = open_page()
    violations += watched(admin)
    sign_in(admin, people["admin"])
    admin.goto(base + "/admin/")
    admin.goto(base + "/admin/support_sessions/session/")
    admin.goto(base + "/admin/support_sessions/session/add/")

    assert not violations, "\n".join(violations)
