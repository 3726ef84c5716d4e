def test_the_home_page_names_mile(client, db):
    response = client.get("/")
    assert "Managing Migration and Integration in Cities and Regions" in response.text
