"""The three MILE sub-themes and the Common Basic Principles, as the handbook states them."""

from django.db import migrations

SUB_THEMES = [
    (
        1,
        "Enterprise support and development",
        "enterprise-support-and-development",
        "Support for businesses owned by migrants and ethnic minorities: mainly small and micro "
        "enterprises, access to finance, and a voice for ethnic minority businesses.",
    ),
    (
        2,
        "Active inclusion measures for labour market access",
        "active-inclusion",
        "Measures that incorporate immigrants effectively into local labour markets, so that "
        "their potential is harnessed.",
    ),
    (
        3,
        "Access to key services (education, housing, health) and intercultural dialogue",
        "key-services-and-intercultural-dialogue",
        "Access to education, housing and health on an equal basis, through intercultural "
        "dialogue and mediation.",
    ),
]

PRINCIPLES = [
    "Integration is a dynamic, two-way process of mutual accommodation by all immigrants and "
    "residents of Member States.",
    "Integration implies respect for the basic values of the European Union by every resident.",
    "Employment is a key part of the integration process and is central to the participation of "
    "immigrants, to the contributions immigrants make to the host society, and to making such "
    "contributions visible.",
    "Basic knowledge of the host society’s language, history, and institutions is indispensable "
    "to integration, enabling immigrants to acquire this basic knowledge is essential to "
    "successful integration.",
    "Efforts in education are essential in preparing immigrants, and particularly their "
    "descendants, to be more successful and more active participants in society.",
    "Access for immigrants to institutions, as well as to public and private goods and services, "
    "on an equal basis to national citizens and in a non-discriminatory way is an indispensable "
    "foundation for better integration.",
    "Frequent interaction between immigrants and citizens of the Member States is a fundamental "
    "prerequisite for integration.",
    "The practice of diverse cultures and religions is guaranteed under the Charter of "
    "Fundamental Rights and must be safeguarded, unless practices conflict with other inviolable "
    "European rights or with national law.",
    "The participation of immigrants in the democratic process and in the formulation of "
    "integration policies and measures, especially at the local and regional levels, is a key to "
    "effective integration.",
    "Mainstreaming integration policies and measures in all relevant policy portfolios and "
    "levels of government and public services is an important consideration in public policy "
    "formation and implementation. The principle of engaging civil society is also endorsed.",
    "Developing clear goals, indicators and evaluation mechanisms are necessary to adjust "
    "policy, evaluate progress on integration and to make the exchange of information more "
    "effective, so as to transfer good experience.",
]


def seed(apps, schema_editor):
    SubTheme = apps.get_model("learningsets", "SubTheme")
    CommonBasicPrinciple = apps.get_model("learningsets", "CommonBasicPrinciple")
    for number, name, slug, description in SUB_THEMES:
        SubTheme.objects.update_or_create(
            number=number, defaults={"name": name, "slug": slug, "description": description}
        )
    for number, text in enumerate(PRINCIPLES, start=1):
        CommonBasicPrinciple.objects.update_or_create(number=number, defaults={"text": text})


class Migration(migrations.Migration):
    dependencies = [("learningsets", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
