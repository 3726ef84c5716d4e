"""The sub-themes and the Common Basic Principles in Portuguese, Greek, Spanish and Italian.

The sub-themes' names follow locale/GLOSSARY.md. The principles are the Common Basic
Principles for Immigrant Integration Policy in the EU (Council conclusions of 19 November
2004), in the wording of each language's version of the conclusions, adjusted where the
English seeded in 0002 differs (e.g. principle 2's "by every resident"). A row is matched by its
number; a language's column that already holds a text (written by the team in the admin) is
kept.
"""

from django.db import migrations

SUB_THEMES = {
    1: {
        "pt_pt": (
            "Apoio e desenvolvimento empresarial",
            "Apoio às empresas detidas por migrantes e minorias étnicas: sobretudo pequenas e "
            "microempresas, acesso a financiamento e uma voz para as empresas de minorias "
            "étnicas.",
        ),
        "el": (
            "Υποστήριξη και ανάπτυξη επιχειρήσεων",
            "Υποστήριξη των επιχειρήσεων που ανήκουν σε μετανάστες και σε μέλη εθνοτικών "
            "μειονοτήτων: κυρίως μικρές και πολύ μικρές επιχειρήσεις, πρόσβαση σε χρηματοδότηση "
            "και φωνή για τις επιχειρήσεις των εθνοτικών μειονοτήτων.",
        ),
        "es": (
            "Apoyo y desarrollo empresarial",
            "Apoyo a las empresas de personas migrantes y de minorías étnicas: sobre todo "
            "pequeñas empresas y microempresas, acceso a la financiación y una voz para las "
            "empresas de minorías étnicas.",
        ),
        "it": (
            "Sostegno e sviluppo d'impresa",
            "Sostegno alle imprese di migranti e di minoranze etniche: soprattutto piccole e "
            "microimprese, accesso ai finanziamenti e una voce per le imprese delle minoranze "
            "etniche.",
        ),
    },
    2: {
        "pt_pt": (
            "Medidas de inclusão ativa para o acesso ao mercado de trabalho",
            "Medidas que integram eficazmente os imigrantes nos mercados de trabalho locais, "
            "para que o seu potencial seja aproveitado.",
        ),
        "el": (
            "Μέτρα ενεργητικής ένταξης για την πρόσβαση στην αγορά εργασίας",
            "Μέτρα που εντάσσουν αποτελεσματικά τους μετανάστες στις τοπικές αγορές εργασίας, "
            "ώστε να αξιοποιείται το δυναμικό τους.",
        ),
        "es": (
            "Medidas de inclusión activa para el acceso al mercado laboral",
            "Medidas que incorporan de forma efectiva a las personas inmigrantes a los "
            "mercados laborales locales, para aprovechar su potencial.",
        ),
        "it": (
            "Misure di inclusione attiva per l'accesso al mercato del lavoro",
            "Misure che inseriscono efficacemente gli immigrati nei mercati del lavoro locali, "
            "così da valorizzarne il potenziale.",
        ),
    },
    3: {
        "pt_pt": (
            "Acesso a serviços essenciais (educação, habitação, saúde) e diálogo intercultural",
            "Acesso à educação, à habitação e à saúde em pé de igualdade, através do diálogo e "
            "da mediação interculturais.",
        ),
        "el": (
            "Πρόσβαση σε βασικές υπηρεσίες (εκπαίδευση, στέγαση, υγεία) και διαπολιτισμικός "
            "διάλογος",
            "Ισότιμη πρόσβαση στην εκπαίδευση, τη στέγαση και την υγεία, μέσω του "
            "διαπολιτισμικού διαλόγου και της διαμεσολάβησης.",
        ),
        "es": (
            "Acceso a servicios clave (educación, vivienda, salud) y diálogo intercultural",
            "Acceso a la educación, la vivienda y la salud en igualdad de condiciones, mediante "
            "el diálogo y la mediación interculturales.",
        ),
        "it": (
            "Accesso ai servizi essenziali (istruzione, alloggio, salute) e dialogo interculturale",
            "Accesso all'istruzione, all'alloggio e alla salute su base paritaria, attraverso "
            "il dialogo e la mediazione interculturali.",
        ),
    },
}

PRINCIPLES = {
    "pt_pt": [
        "A integração é um processo dinâmico e bidirecional de adaptação mútua de todos os "
        "imigrantes e residentes dos Estados-Membros.",
        "A integração implica o respeito pelos valores básicos da União Europeia por parte de "
        "todos os residentes.",
        "O emprego é um elemento fundamental do processo de integração e é essencial para a "
        "participação dos imigrantes, para os contributos que os imigrantes dão à sociedade de "
        "acolhimento e para tornar esses contributos visíveis.",
        "O conhecimento básico da língua, da história e das instituições da sociedade de "
        "acolhimento é indispensável à integração; permitir aos imigrantes adquirir esse "
        "conhecimento básico é essencial para o êxito da integração.",
        "Os esforços no domínio da educação são essenciais para preparar os imigrantes, e em "
        "especial os seus descendentes, para uma participação mais bem-sucedida e mais ativa "
        "na sociedade.",
        "O acesso dos imigrantes às instituições, bem como aos bens e serviços públicos e "
        "privados, em pé de igualdade com os cidadãos nacionais e de forma não discriminatória, "
        "é uma base indispensável para uma melhor integração.",
        "A interação frequente entre imigrantes e cidadãos dos Estados-Membros é uma condição "
        "prévia fundamental para a integração.",
        "A prática de diversas culturas e religiões é garantida pela Carta dos Direitos "
        "Fundamentais e deve ser salvaguardada, salvo se essas práticas colidirem com outros "
        "direitos europeus invioláveis ou com a legislação nacional.",
        "A participação dos imigrantes no processo democrático e na formulação das políticas e "
        "medidas de integração, sobretudo a nível local e regional, é fundamental para uma "
        "integração eficaz.",
        "A integração nas políticas gerais das políticas e medidas de integração, em todas as "
        "pastas políticas relevantes e a todos os níveis da administração e dos serviços "
        "públicos, é um aspeto importante na formulação e execução das políticas públicas. "
        "Subscreve-se igualmente o princípio do envolvimento da sociedade civil.",
        "É necessário definir objetivos, indicadores e mecanismos de avaliação claros para "
        "ajustar as políticas, avaliar os progressos da integração e tornar mais eficaz o "
        "intercâmbio de informações, a fim de transferir as boas experiências.",
    ],
    "el": [
        "Η ένταξη είναι μια δυναμική, αμφίδρομη διαδικασία αμοιβαίας προσαρμογής όλων των "
        "μεταναστών και των κατοίκων των κρατών μελών.",
        "Η ένταξη προϋποθέτει τον σεβασμό των βασικών αξιών της Ευρωπαϊκής Ένωσης από κάθε "
        "κάτοικο.",
        "Η απασχόληση αποτελεί βασικό μέρος της διαδικασίας ένταξης και έχει κεντρική σημασία "
        "για τη συμμετοχή των μεταναστών, για τη συμβολή τους στην κοινωνία υποδοχής και για "
        "την ανάδειξη αυτής της συμβολής.",
        "Η βασική γνώση της γλώσσας, της ιστορίας και των θεσμών της κοινωνίας υποδοχής είναι "
        "απαραίτητη για την ένταξη· η παροχή της δυνατότητας στους μετανάστες να αποκτήσουν "
        "αυτή τη βασική γνώση είναι ουσιώδης για την επιτυχή ένταξη.",
        "Οι προσπάθειες στον τομέα της εκπαίδευσης είναι ουσιώδεις για την προετοιμασία των "
        "μεταναστών, και ιδίως των απογόνων τους, ώστε να συμμετέχουν στην κοινωνία με "
        "μεγαλύτερη επιτυχία και πιο ενεργά.",
        "Η πρόσβαση των μεταναστών στους θεσμούς, καθώς και στα δημόσια και ιδιωτικά αγαθά "
        "και υπηρεσίες, επί ίσοις όροις με τους υπηκόους της χώρας και χωρίς διακρίσεις, "
        "αποτελεί απαραίτητη βάση για την καλύτερη ένταξη.",
        "Η συχνή αλληλεπίδραση μεταξύ μεταναστών και πολιτών των κρατών μελών αποτελεί "
        "θεμελιώδη προϋπόθεση για την ένταξη.",
        "Η άσκηση διαφορετικών πολιτισμών και θρησκειών κατοχυρώνεται από τον Χάρτη "
        "Θεμελιωδών Δικαιωμάτων και πρέπει να διασφαλίζεται, εκτός εάν οι πρακτικές αυτές "
        "συγκρούονται με άλλα απαραβίαστα ευρωπαϊκά δικαιώματα ή με το εθνικό δίκαιο.",
        "Η συμμετοχή των μεταναστών στη δημοκρατική διαδικασία και στη διαμόρφωση των "
        "πολιτικών και των μέτρων ένταξης, ιδίως σε τοπικό και περιφερειακό επίπεδο, είναι "
        "καθοριστική για την αποτελεσματική ένταξη.",
        "Η ενσωμάτωση των πολιτικών και των μέτρων ένταξης στις γενικές πολιτικές, σε όλους "
        "τους σχετικούς τομείς πολιτικής και σε όλα τα επίπεδα διακυβέρνησης και δημόσιων "
        "υπηρεσιών, αποτελεί σημαντική παράμετρο για τη διαμόρφωση και την εφαρμογή της "
        "δημόσιας πολιτικής. Υποστηρίζεται επίσης η αρχή της συμμετοχής της κοινωνίας των "
        "πολιτών.",
        "Η θέσπιση σαφών στόχων, δεικτών και μηχανισμών αξιολόγησης είναι αναγκαία για την "
        "προσαρμογή των πολιτικών, την αξιολόγηση της προόδου της ένταξης και την "
        "αποτελεσματικότερη ανταλλαγή πληροφοριών, ώστε να μεταφέρονται οι καλές εμπειρίες.",
    ],
    "es": [
        "La integración es un proceso bidireccional y dinámico de ajuste mutuo por parte de "
        "todos los inmigrantes y residentes de los Estados miembros.",
        "La integración implica el respeto de los valores básicos de la Unión Europea por parte "
        "de todos los residentes.",
        "El empleo es una parte fundamental del proceso de integración y es esencial para la "
        "participación de los inmigrantes, para las contribuciones que los inmigrantes aportan "
        "a la sociedad de acogida y para hacer visibles tales contribuciones.",
        "Un conocimiento básico del idioma, la historia y las instituciones de la sociedad de "
        "acogida es indispensable para la integración; permitir a los inmigrantes adquirir ese "
        "conocimiento básico es esencial para que la integración tenga éxito.",
        "Los esfuerzos realizados en la educación son esenciales para preparar a los "
        "inmigrantes, y en particular a sus descendientes, a participar con más éxito y de "
        "manera más activa en la sociedad.",
        "El acceso de los inmigrantes a las instituciones y a los bienes y servicios tanto "
        "públicos como privados, en las mismas condiciones que los ciudadanos nacionales y sin "
        "discriminación, es un fundamento indispensable para una mejor integración.",
        "Una interacción frecuente entre inmigrantes y ciudadanos de los Estados miembros es un "
        "requisito previo fundamental para la integración.",
        "La práctica de diversas culturas y religiones está garantizada por la Carta de los "
        "Derechos Fundamentales y debe quedar salvaguardada, a menos que dichas prácticas "
        "entren en conflicto con otros derechos europeos inviolables o con la legislación "
        "nacional.",
        "La participación de los inmigrantes en el proceso democrático y en la formulación de "
        "las políticas y medidas de integración, especialmente a nivel local y regional, es "
        "clave para una integración eficaz.",
        "La integración en las políticas generales de las políticas y medidas de integración, "
        "en todas las carteras políticas pertinentes y en todos los niveles de gobierno y de "
        "los servicios públicos, es un aspecto importante en la formulación y aplicación de las "
        "políticas públicas. Se respalda asimismo el principio de implicar a la sociedad civil.",
        "Es necesario establecer objetivos, indicadores y mecanismos de evaluación claros para "
        "ajustar las políticas, evaluar los avances en materia de integración y hacer más eficaz "
        "el intercambio de información, a fin de transferir las buenas experiencias.",
    ],
    "it": [
        "L'integrazione è un processo dinamico e bidirezionale di adeguamento reciproco da "
        "parte di tutti gli immigrati e di tutti i residenti degli Stati membri.",
        "L'integrazione implica il rispetto dei valori fondamentali dell'Unione europea da parte "
        "di ogni residente.",
        "L'occupazione è una componente fondamentale del processo d'integrazione ed è essenziale "
        "per la partecipazione degli immigrati, per il contributo che gli immigrati danno alla "
        "società di accoglienza e per rendere visibile tale contributo.",
        "Una conoscenza di base della lingua, della storia e delle istituzioni della società di "
        "accoglienza è indispensabile per l'integrazione; consentire agli immigrati di "
        "acquisire queste conoscenze di base è essenziale per un'integrazione riuscita.",
        "Gli sforzi nel settore dell'istruzione sono essenziali per preparare gli immigrati, e "
        "soprattutto i loro discendenti, a partecipare con maggior successo e più attivamente "
        "alla vita della società.",
        "L'accesso degli immigrati alle istituzioni nonché a beni e servizi pubblici e privati, "
        "su un piano di parità con i cittadini nazionali e in modo non discriminatorio, "
        "costituisce una base indispensabile per una migliore integrazione.",
        "Un'interazione frequente tra immigrati e cittadini degli Stati membri è un presupposto "
        "fondamentale per l'integrazione.",
        "La pratica di culture e religioni diverse è garantita dalla Carta dei diritti "
        "fondamentali e deve essere salvaguardata, a meno che non sia in conflitto con altri "
        "diritti europei inviolabili o con la legislazione nazionale.",
        "La partecipazione degli immigrati al processo democratico e alla formulazione delle "
        "politiche e delle misure di integrazione, specialmente a livello locale e regionale, è "
        "fondamentale per un'integrazione efficace.",
        "L'integrazione nelle politiche ordinarie delle politiche e delle misure di "
        "integrazione, in tutti i settori pertinenti e a tutti i livelli di governo e dei "
        "servizi pubblici, è un aspetto importante della formulazione e dell'attuazione delle "
        "politiche pubbliche. Si sostiene inoltre il principio del coinvolgimento della società "
        "civile.",
        "È necessario definire obiettivi, indicatori e meccanismi di valutazione chiari per "
        "adeguare le politiche, valutare i progressi dell'integrazione e rendere più efficace lo "
        "scambio di informazioni, così da trasferire le buone esperienze.",
    ],
}


def _fill(row, values: dict) -> list[str]:
    """Set each column that is still empty; the names of those set."""
    filled = [name for name, value in values.items() if not getattr(row, name)]
    for name in filled:
        setattr(row, name, values[name])
    return filled


def translate(apps, schema_editor):
    SubTheme = apps.get_model("learningsets", "SubTheme")
    CommonBasicPrinciple = apps.get_model("learningsets", "CommonBasicPrinciple")
    for sub_theme in SubTheme.objects.filter(number__in=SUB_THEMES):
        values = {}
        for lang, (name, description) in SUB_THEMES[sub_theme.number].items():
            values[f"name_{lang}"] = name
            values[f"description_{lang}"] = description
        if filled := _fill(sub_theme, values):
            sub_theme.save(update_fields=filled)
    for principle in CommonBasicPrinciple.objects.filter(number__lte=11):
        values = {f"text_{lang}": texts[principle.number - 1] for lang, texts in PRINCIPLES.items()}
        if filled := _fill(principle, values):
            principle.save(update_fields=filled)


class Migration(migrations.Migration):
    dependencies = [("learningsets", "0007_languages")]

    # Going back leaves the translations: 0007's columns go with them if it is unapplied too.
    operations = [migrations.RunPython(translate, migrations.RunPython.noop)]
