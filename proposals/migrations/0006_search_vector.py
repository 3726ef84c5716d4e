"""Full-text search (proposals/search.py): each proposal's search vectors, of its title and
sections and of its comments, in the dictionary of its language. On PostgreSQL they get a GIN
index each and are filled for the proposals that exist; SQLite keeps the columns empty (its
search is a plain `icontains`), and a GIN index is PostgreSQL's only, so the indexes are made
here rather than in the model's Meta. A search reads a proposal's sections in order until one
holds the words: an index on (proposal, position) gives them in that order."""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

# The SQL of proposals.search.refreshed() as this migration was written: a later change of the
# code must not change what this migration does.
DICTIONARY = """(CASE p.language WHEN 'en-gb' THEN 'english' WHEN 'pt-pt' THEN 'portuguese'
    WHEN 'el' THEN 'greek' WHEN 'es' THEN 'spanish' WHEN 'it' THEN 'italian'
    ELSE 'simple' END)::regconfig"""
BACKFILL = f"""
UPDATE proposals_proposal AS p SET
    search_vector = setweight(to_tsvector({DICTIONARY}, p.title), 'A')
        || setweight(to_tsvector({DICTIONARY}, coalesce((
            SELECT string_agg(s.text, E'\\n' ORDER BY s.position)
            FROM proposals_section AS s WHERE s.proposal_id = p.id), '')), 'B'),
    comments_vector = to_tsvector({DICTIONARY}, coalesce((
        SELECT string_agg(c.body, E'\\n' ORDER BY c.created_at)
        FROM proposals_comment AS c WHERE c.proposal_id = p.id), ''))
"""
INDEXES = ["search_vector", "comments_vector"]


def index_and_fill(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX proposal_{column}_gin ON proposals_proposal USING gin ({column})"
        )
    schema_editor.execute(BACKFILL)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS proposal_{column}_gin")


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0005_calls"),
    ]

    operations = [
        migrations.AddField(
            model_name="proposal",
            name="comments_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True, verbose_name="comments' search vector"
            ),
        ),
        migrations.AddField(
            model_name="proposal",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True, verbose_name="search vector"
            ),
        ),
        migrations.AddIndex(
            model_name="section",
            index=models.Index(fields=["proposal", "position"], name="section_in_order"),
        ),
        # The index above leads with the proposal: the foreign key's own index is one too many,
        # and the planner would take it and sort, reading every section of the proposal.
        migrations.AlterField(
            model_name="section",
            name="proposal",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="sections",
                to="proposals.proposal",
                verbose_name="proposal",
            ),
        ),
        migrations.RunPython(index_and_fill, drop_indexes, elidable=False),
    ]
