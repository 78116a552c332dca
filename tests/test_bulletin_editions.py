"""Bulletins, editions, articles in several languages and the identification check, through
the API."""

from __future__ import annotations

from tests.factories import (
    Accounts,
    clear_for_print,
    get_ok,
    make_contact,
    new_article,
    new_bulletin,
    new_edition,
    new_workplace,
    post_created,
    tombstones,
)


async def test_editions_are_numbered_by_the_server_per_bulletin(accounts: Accounts) -> None:
    group = await accounts.group()
    bulletin = await new_bulletin(
        group, masthead="By and for depot workers", contact_text="Find us at gate 2"
    )
    other = await new_bulletin(group, "Hospital Voice")
    first = await new_edition(group, bulletin["id"])
    second = await new_edition(group, bulletin["id"], "2026-04-06")
    elsewhere = await new_edition(group, other["id"])
    assert (first["number"], second["number"], elsewhere["number"]) == (1, 2, 1)

    listed = await get_ok(group.owner, f"{group.url}/bulletins/{bulletin['id']}/editions")
    assert [item["number"] for item in listed["items"]] == [2, 1]
    read = await get_ok(group.owner, f"{group.url}/bulletins/{bulletin['id']}")
    assert read["last_number"] == 2
    assert read["contact_text"] == "Find us at gate 2"


async def test_edition_targets_must_be_the_groups_workplaces(accounts: Accounts) -> None:
    group = await accounts.group()
    other = await accounts.group(name="Elsewhere")
    bulletin = await new_bulletin(group)
    theirs = await new_workplace(other, "Their Depot")
    response = await group.owner.post(
        f"{group.url}/bulletins/{bulletin['id']}/editions",
        json={"edition_date": "2026-03-02", "workplace_ids": [theirs]},
    )
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "workplace_ids"

    ours = await new_workplace(group)
    edition = await new_edition(group, bulletin["id"], workplace_ids=[ours])
    assert edition["workplace_ids"] == [ours]


async def test_an_edition_prints_in_the_languages_every_article_is_written_in(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    bulletin = await new_bulletin(group)
    edition = await new_edition(group, bulletin["id"])
    url = f"{group.url}/editions/{edition['id']}"
    main = await new_article(
        group, edition["id"], en_GB=("Pay up", "We want **our** money."), pl=("Płaćcie", "Tak.")
    )
    await new_article(group, edition["id"], "back", en_GB=("Canteen", "Still closed."))

    read = await get_ok(group.owner, url)
    assert read["languages"] == ["en-GB", "pl"]
    assert read["printable_languages"] == ["en-GB"]
    assert [article["section"] for article in read["articles"]] == ["front", "back"]
    assert read["articles"][0]["texts"]["pl"] == {"headline": "Płaćcie", "body": "Tak."}

    article_url = f"{url}/articles/{main['id']}"
    response = await group.owner.patch(
        article_url, json={"texts": {"pl": {"headline": "Krótko"}}, "version": main["version"]}
    )
    assert response.status_code == 200, response.text
    assert list(response.json()["texts"]) == ["pl"]


async def test_the_front_holds_two_main_articles(accounts: Accounts) -> None:
    group = await accounts.group()
    edition = await new_edition(group, (await new_bulletin(group))["id"])
    await new_article(group, edition["id"], en_GB=("One", ""))
    await new_article(group, edition["id"], en_GB=("Two", ""))
    response = await group.owner.post(
        f"{group.url}/editions/{edition['id']}/articles",
        json={"section": "front", "texts": {"en-GB": {"headline": "Three"}}},
    )
    assert response.status_code == 422
    assert response.json()["error"] == "front_page_full"
    assert response.json()["fields"][0]["field"] == "section"


async def test_article_languages_and_sizes_are_checked(accounts: Accounts) -> None:
    group = await accounts.group()
    edition = await new_edition(group, (await new_bulletin(group))["id"])
    url = f"{group.url}/editions/{edition['id']}/articles"
    response = await group.owner.post(
        url, json={"section": "front", "texts": {"xx": {"headline": "Nope"}}}
    )
    assert response.status_code == 422
    response = await group.owner.post(
        url, json={"section": "front", "texts": {"en-GB": {"headline": "   "}}}
    )
    assert response.status_code == 422
    assert response.json()["fields"][0]["type"] == "not_blank"
    response = await group.owner.post(
        url,
        json={"section": "back", "texts": {"en-GB": {"headline": "Long", "body": "x" * 10_001}}},
    )
    assert response.status_code == 422
    assert response.json()["fields"][0]["type"] == "string_too_long"


async def test_identification_check_finds_names_numbers_and_addresses(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    await make_contact(group, "Zoë O'Neill")
    await make_contact(group, "Sam Okafor")
    member = await accounts.member(group, "member", name="Priya Shah")
    assert member
    edition = await new_edition(group, (await new_bulletin(group))["id"])
    await new_article(
        group,
        edition["id"],
        en_GB=("Nights", "As zoe oneill told us, ring 07700 900123 or mail rep@union.example."),
        pl=("Noce", "Rozmawialiśmy z PRIYA SHAH."),
    )
    url = f"{group.url}/editions/{edition['id']}/identification-check"

    response = await group.owner.post(url)
    assert response.status_code == 200, response.text
    check = response.json()
    found = {(f["kind"], f["text"], tuple(f["languages"])) for f in check["findings"]}
    assert found == {
        ("contact", "Zoë O'Neill", ("en-GB",)),
        ("member", "Priya Shah", ("pl",)),
        ("phone", "07700 900123", ("en-GB",)),
        ("email", "rep@union.example", ("en-GB",)),
    }
    assert check["current"] is True
    assert check["ready"] is False


async def test_printing_waits_for_the_check_which_a_change_of_text_undoes(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    await make_contact(group, "Sam Okafor")
    edition = await new_edition(group, (await new_bulletin(group))["id"])
    article = await new_article(group, edition["id"], en_GB=("Pay", "Sam Okafor spoke up."))
    edition_url = f"{group.url}/editions/{edition['id']}"
    check_url = f"{edition_url}/identification-check"
    pdf_url = f"{edition_url}/pdf/en-GB"

    response = await group.owner.get(pdf_url)
    assert response.status_code == 409
    assert response.json()["error"] == "identification_check_incomplete"

    check = (await group.owner.post(check_url)).json()
    assert [finding["kind"] for finding in check["findings"]] == ["contact"]
    response = await group.owner.post(
        f"{check_url}/checklist",
        json={"items": ["facts_checked", "no_one_identifiable", "nothing_defamatory"]},
    )
    assert response.json()["ready"] is False  # the finding is not confirmed yet
    response = await group.owner.get(pdf_url)
    assert response.status_code == 409

    key = check["findings"][0]["key"]
    response = await group.owner.post(f"{check_url}/confirmations", json={"keys": [key]})
    confirmed = response.json()
    assert confirmed["ready"] is True
    assert confirmed["findings"][0]["confirmed_by"] == group.owner.user_id
    assert set(confirmed["checklist"]) == {
        "facts_checked",
        "no_one_identifiable",
        "nothing_defamatory",
    }
    assert confirmed["checklist"]["facts_checked"]["ticked_by"] == group.owner.user_id
    assert (await get_ok(group.owner, edition_url))["check_ready"] is True
    assert (await group.owner.get(pdf_url)).status_code == 200

    response = await group.owner.patch(
        f"{edition_url}/articles/{article['id']}",
        json={"texts": {"en-GB": {"headline": "Pay", "body": "Sam spoke."}}, "version": 1},
    )
    assert response.status_code == 200
    stale = await get_ok(group.owner, check_url)
    assert stale == {"current": False, "findings": [], "checklist": {}, "ready": False}
    response = await group.owner.get(pdf_url)
    assert response.status_code == 409
    response = await group.owner.post(f"{check_url}/confirmations", json={"keys": [key]})
    assert response.status_code == 409
    assert response.json()["error"] == "identification_check_outdated"


async def test_a_confirmation_names_a_finding_of_the_check(accounts: Accounts) -> None:
    group = await accounts.group()
    edition = await new_edition(group, (await new_bulletin(group))["id"])
    await new_article(group, edition["id"], en_GB=("Quiet", "Nothing to see."))
    check_url = f"{group.url}/editions/{edition['id']}/identification-check"
    assert (await group.owner.post(check_url)).json()["findings"] == []
    response = await group.owner.post(
        f"{check_url}/confirmations", json={"keys": ["contact:someone"]}
    )
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "keys"


async def test_findings_are_only_for_those_who_may_read_contacts(accounts: Accounts) -> None:
    group = await accounts.group()
    await make_contact(group, "Sam Okafor")
    edition = await new_edition(group, (await new_bulletin(group))["id"])
    await new_article(group, edition["id"], en_GB=("Pay", "Sam Okafor spoke up."))
    check_url = f"{group.url}/editions/{edition['id']}/identification-check"
    await clear_for_print(group, edition["id"])

    observer = await accounts.member(group, "observer")
    member = await accounts.member(group, "member")
    for person in (observer, member):
        assert (await person.get(check_url)).status_code == 403
        assert (await person.post(check_url)).status_code == 403
    assert (await get_ok(observer, f"{group.url}/editions/{edition['id']}"))["check_ready"]

    response = await group.owner.post(
        f"{group.url}/tokens", json={"name": "Print", "scopes": ["bulletins:write"]}
    )
    secret = response.json()["secret"]
    client = accounts.new_client()
    response = await client.get(check_url, headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 403
    assert response.json()["error"] == "insufficient_scope"
    assert "Sam" not in response.text


async def test_observers_read_and_organisers_edit(accounts: Accounts) -> None:
    group = await accounts.group()
    bulletin = await new_bulletin(group)
    observer = await accounts.member(group, "observer")
    member = await accounts.member(group, "member")
    assert (await observer.get(f"{group.url}/bulletins")).status_code == 200
    for person in (observer, member):
        response = await person.post(f"{group.url}/bulletins", json={"title": "Mine"})
        assert response.status_code == 403
        response = await person.post(
            f"{group.url}/bulletins/{bulletin['id']}/editions", json={"edition_date": "2026-03-02"}
        )
        assert response.status_code == 403


async def test_deleting_a_bulletin_leaves_tombstones_for_everything_under_it(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    bulletin = await new_bulletin(group)
    edition = await new_edition(group, bulletin["id"])
    article = await new_article(group, edition["id"], en_GB=("Pay", ""))
    response = await group.owner.delete(f"{group.url}/bulletins/{bulletin['id']}")
    assert response.status_code == 204
    gone = await tombstones(accounts, group)
    assert gone["bulletin"] == {bulletin["id"]}
    assert gone["bulletin_edition"] == {edition["id"]}
    assert gone["bulletin_article"] == {article["id"]}
    response = await group.owner.get(f"{group.url}/editions/{edition['id']}")
    assert response.status_code == 404
    assert response.json()["error"] == "edition_not_found"


async def test_editions_reach_the_change_feed(accounts: Accounts) -> None:
    group = await accounts.group()
    bulletin = await new_bulletin(group)
    edition = await new_edition(group, bulletin["id"])
    await new_article(group, edition["id"], en_GB=("Pay", "Up"))
    feed = await get_ok(group.owner, f"{group.url}/changes", types="bulletin_edition")
    records = [change["record"] for change in feed["items"]]
    assert records[-1]["number"] == 1
    assert records[-1]["articles"][0]["texts"]["en-GB"]["headline"] == "Pay"


async def test_recording_the_print_run_marks_the_articles_stories_printed(
    accounts: Accounts,
) -> None:
    group = await accounts.group()
    edition = await new_edition(group, (await new_bulletin(group))["id"])
    stories_url = f"{group.url}/stories"
    used = await post_created(
        group.owner, stories_url, {"headline": "Rota cuts", "status": "ready"}
    )
    unused = await post_created(
        group.owner, stories_url, {"headline": "Canteen", "status": "ready"}
    )
    article = await post_created(
        group.owner,
        f"{group.url}/editions/{edition['id']}/articles",
        {
            "section": "front",
            "story_id": used["id"],
            "texts": {"en-GB": {"headline": "Rota cuts", "body": "No."}},
        },
    )
    assert article["story_id"] == used["id"]
    edition_url = f"{group.url}/editions/{edition['id']}"

    stale = await group.owner.patch(edition_url, json={"printed_on": "2026-03-01", "version": 99})
    assert stale.status_code == 409
    assert (await get_ok(group.owner, f"{stories_url}/{used['id']}"))["status"] == "ready"

    response = await group.owner.patch(
        edition_url, json={"printed_on": "2026-03-01", "version": edition["version"]}
    )
    assert response.status_code == 200, response.text
    printed = await get_ok(group.owner, f"{stories_url}/{used['id']}")
    assert (printed["status"], printed["version"]) == ("printed", used["version"] + 1)
    assert (await get_ok(group.owner, f"{stories_url}/{unused['id']}"))["status"] == "ready"


async def test_an_article_is_written_from_one_of_the_groups_stories(accounts: Accounts) -> None:
    group = await accounts.group()
    other = await accounts.group(name="Elsewhere")
    theirs = await post_created(other.owner, f"{other.url}/stories", {"headline": "Theirs"})
    edition = await new_edition(group, (await new_bulletin(group))["id"])
    url = f"{group.url}/editions/{edition['id']}/articles"
    texts = {"en-GB": {"headline": "Pay", "body": ""}}
    response = await group.owner.post(
        url, json={"section": "back", "story_id": theirs["id"], "texts": texts}
    )
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "story_id"

    article = await post_created(group.owner, url, {"section": "back", "texts": texts})
    assert article["story_id"] is None
    ours = await post_created(group.owner, f"{group.url}/stories", {"headline": "Ours"})
    response = await group.owner.patch(
        f"{url}/{article['id']}", json={"story_id": ours["id"], "version": article["version"]}
    )
    assert response.status_code == 200, response.text
    assert response.json()["story_id"] == ours["id"]
    refused = await group.owner.patch(
        f"{url}/{article['id']}",
        json={"story_id": theirs["id"], "version": response.json()["version"]},
    )
    assert refused.status_code == 422
    assert refused.json()["fields"][0]["field"] == "story_id"
