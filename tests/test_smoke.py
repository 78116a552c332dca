from tests.factories import Accounts


async def test_signup_and_create_group(accounts: Accounts) -> None:
    owner = await accounts.person()
    group = await accounts.group(owner)
    response = await owner.get(group.url)
    assert response.status_code == 200
    assert response.json()["role"] == "owner"
