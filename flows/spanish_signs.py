"""What a bystander sees of an overdose, told in Spanish as Holyoke texts it, and someone found
looking dead now: read by ``flows.emergency.overdose_in_progress`` beside its English readings.

"No abre los ojos", "no se levanta", "esta roncando raro", "se quedo pegao" and "esta como
muerto" are the Spanish of "won't open his eyes", "won't get up", "snoring weird" and "looks
dead". Not what shares their words: a silence ("no contesta el telefono", "no contesta mis
mensajes", "mi esposo no contesta" with no sign beside it), a late riser or a low mood ("no se
levanta temprano", "... de la depresion"), a snorer, "pegao al celular", "muerto de cansancio",
or a death told with when or where ("creo que mi hermano murio en marzo").
Everything here reads normalised text (``flows.text.normalise``).
"""

from __future__ import annotations

# Someone, as the texter names them: "mi hijo", "el", "mi pana".
_PERSON_ES = (
    r"(?:hijo|hija|novio|novia|hermano|hermana|primo|prima|tio|tia|amigo|amiga|esposo|esposa"
    r"|pana|jevo|jeva|abuelo|abuela|sobrino|sobrina|vecino|vecina|papa|mama|padre|madre|nieto"
    r"|nieta|padrastro|muchacho|muchacha|chamaco|nene|nena|el|ella)"
)
# A phone, a text or a call, anywhere in the text: "no contesta" is then a silence.
_A_SILENCE_ES = (
    r"\b(?:telefono|celular|cel|fono|mensajes?|textos?|llamadas?|llamo|llame|llamamos|llamarlo"
    r"|llamarla|escribo|escribi|le escribo|whatsapp|correos?|texts?|calls?|phone)\b"
)
# A time or a habit after the words: "no se levanta temprano", "... hasta las 12", "... de la
# cama" (down, not out), "... para ir a la escuela", "no contesta desde ayer".
_A_TIME_OR_A_HABIT_ES = (
    r"(?! (?:temprano|tarde|antes|hasta|para|pa|a (?:las?|tiempo)|de (?:la )?cama|del sofa"
    r"|nunca|ni|desde|hace|en (?:todo|la manana|las mananas|dias)|por (?:la|las) (?:manana"
    r"|mananas)|los|las|todos|todas|cuando|si|a la realidad|a lo que"
    # Low, not out: "no se levanta de la depresion", "... de la tristeza".
    r"|de (?:la |el |esa |su )?(?:depresion|tristeza|bajon|pena|dolor|sofa|sillon|mueble))\b)"
)
# A sign said beside "mi esposo no contesta": without one it is most often a phone not
# answered ("mi novio no me contesta, creo que esta con otra").
_A_SIGN_BESIDE_ES = (
    r"(?=.*\b(?:tirad[oa]|piso|suelo|respira\w*|labios|morad[oa]|azul|despierta\w*"
    r"|privad?[oa]|pegad?[oa]|quedao|desmayad[oa]|no reacciona|no se mueve|frio|fria|ojos"
    r"|sobre ?dosis|overdose|od|narcan|naloxona|heroina|fentanilo|fentanyl|fenta|manteca|dope"
    r"|perco\w*|pastillas?|drogas?|endrogad[oa]|arrebatad[oa]|us(?:o|ando|ar)|se (?:metio|inyecto"
    r"|pego|arrebato|endrogo|jalo|fumo)|tomo))"
)
_CRY_ES = (
    r"(?:que hago|que hacemos|que debo hacer|que puedo hacer|no se que hacer|ayuda(?! (?:para"
    r"|con|de|en|a|al|por)\b)|ayudenme|auxilio|socorro|911|help|por favor|porfa)"
)
_BELIEVED_ES = (
    r"(?:creo|creemos|pienso|parece|me parece|a lo mejor|tal vez|quizas|puede ser|no se si)"
    r"(?: que)?"
)

# Signs, whatever else the text says.
BYSTANDER_SIGNS_ES = (
    # "No abre los ojos", "no quiere abrir los ojos"; not "a la realidad".
    r"\bno (?:quiere |puede |logra )?abr(?:e|ir) los ojos\b" + _A_TIME_OR_A_HABIT_ES,
    # "No se levanta", "no lo puedo levantar", "no puedo levantarla"; not "temprano", "de la
    # cama", "hasta las 12".
    r"\bno se levanta\b" + _A_TIME_OR_A_HABIT_ES,
    r"\bno (?:lo|la|le) (?:puedo|podemos|pude|pudimos|logro|logramos) levantar\b"
    + _A_TIME_OR_A_HABIT_ES,
    r"\bno (?:puedo|podemos|pude|pudimos|logro|logramos) levantarl[oae]s?\b"
    + _A_TIME_OR_A_HABIT_ES,
    # "No contesta" said of a person lying there, or of someone with no phone or text named and
    # a sign beside it: "mi hijo esta tirado en el piso y no contesta", "mi hija no contesta,
    # esta tirada". Not "mi esposo no contesta" alone.
    r"\b(?:tirad[oa]|en el (?:piso|suelo)|desmayad[oa]|privad?[oa])\b(?: \w+){0,6} no (?:me |nos )?"
    r"contesta\b",
    r"\bno (?:me |nos )?contesta\b(?: \w+){0,6} (?:tirad[oa]|en el (?:piso|suelo))\b",
    rf"^(?!.*{_A_SILENCE_ES}){_A_SIGN_BESIDE_ES}(?:.* )?{_PERSON_ES}(?: ya| todavia| aun)? no"
    r" (?:me |nos )?contesta\b" + _A_TIME_OR_A_HABIT_ES,
    # Snoring, said to be strange: "roncando raro", "ronca raro", "un ruido raro como roncando".
    r"\bronc(?:a|ando|o)\b(?: (?:bien|muy|super|bien bien|demasiado|tan))? (?:raro|extrano|feo"
    r"|rarisimo)\b",
    r"\bronquidos? (?:raros?|extranos?|feos?)\b",
    r"\b(?:ruidos?|sonidos?) (?:raros?|extranos?|feos?)(?: \w+){0,3} ronc(?:ando|a|ara|ido|idos)\b",
    r"\bhaciendo (?:un |unos )?(?:ruidos?|sonidos?) (?:de|como) (?:que )?ronc\w*",
    # "Esta como muerto", "se quedo como muerto"; not "muerto de cansancio", "en vida".
    r"\b(?:esta|ta|se quedo|se ve|quedo) como muert[oa]\b(?! (?:de|del|en vida)\b)",
    # "Se quedo pegao", "se quedo privao", "quedao": out, in Puerto Rican Spanish. Not "pegao
    # al celular", "pegao en el tapon".
    r"\bse (?:quedo|queda|ha quedado) (?:pegao|pegad[oa]|privao|privad[oa]|quedao)\b"
    r"(?! (?:a|al|con|en|de|del|viendo|mirando|jugando)\b)",
    rf"\b{_PERSON_ES} (?:esta|ta) (?:pegao|quedao)\b(?! (?:a|al|con|en|de|del|viendo|mirando"
    r"|jugando)\b)",
)
# Doing something, not lying out: "tirado en la cama viendo tv", "... descansando".
_AT_EASE_ES = (
    r"(?!(?: \w+){0,3} (?:viendo|mirando|jugando|riendo|hablando|leyendo|comiendo|descansando"
    r"|relajando|relajandose|durmiendo la siesta|con el (?:perro|celular|telefono|cel)"
    r"|con los nenes|al sol|tomando sol|vagueando|sin hacer nada)\b)"
)
# Where someone lies out: "tirado en el baño", "... en su cuarto", "... afuera".
_LYING_PLACE_ES = (
    r"(?:en (?:el|la|mi|su|nuestro|nuestra) (?:\w+ )?(?:piso|suelo|bano|cuarto|sofa|sillon"
    r"|mueble|cama|carro|calle|escalera|escaleras|acera|patio|pasillo|cocina|sala|ducha|tina"
    r"|parque|estacionamiento)|afuera|alla afuera)\b"
)
# "En la calle" may tell of living out there: "tirado en la calle por las drogas".
_LIVING_OUT_ES = r"(?! (?:por|desde|hace|viviendo|sin casa|con las drogas|en el vicio)\b)"
# Lying there, as "found my son on the floor" in English: silent beside a past loss. "Mi hijo
# esta tirado", with nothing after it, or a cry, is lying out too; not "estoy tirado" (the
# texter, resting) nor "el precio esta tirado" (cheap).
LYING_THERE_ES = (
    rf"\b(?:esta|ta|estan|tan) tirad[oa]s? {_LYING_PLACE_ES}{_LIVING_OUT_ES}{_AT_EASE_ES}",
    rf"\b{_PERSON_ES} (?:esta|ta) tirad[oa]\b(?: (?:y )?{_CRY_ES})*$",
)
# Found looking dead, now: "creo que mi hermano esta muerto", "esta muerto que hago", "creo que
# se murio", "se acaba de morir que hago". Not with a time told (DEATH_TOLD_WHEN_ES), nor of
# another cause ("creo que murio de cancer").
_DEAD_ES = r"(?:esta|ta) muert[oa]\b(?! (?:de|del|en vida|para mi|por dentro)\b)"
_DIED_ES = r"(?:se (?:nos |me )?murio|murio|fallecio)\b"
_JUST_DIED_ES = r"(?:se (?:nos |me )?acaba de morir|acaba de morir(?:se)?)\b"
_OF_ANOTHER_CAUSE = r"(?! (?:de|por|a causa)\b(?! (?:una )?(?:sobre ?dosis|od)\b))"
# Where someone may lie now, as "died in his sleep": "se murio en el baño", "... en mi casa",
# "... mientras dormia". Said with no time, found so: the steps come first.
_HERE_ES = (
    r"(?:en (?:el|la|mi|su|nuestro|nuestra) (?:\w+ )?(?:bano|piso|suelo|sofa|sillon|mueble|cama"
    r"|carro|cuarto|cocina|sala|tina|ducha|escalera|casa|apartamento|apartamiento|patio)"
    r"|mientras dormia|durmiendo)\b"
)
# Told of when, where else or how: "murio cuando yo era nino", "en marzo", "en 2019", "en la
# carcel", "despues de la operacion", "y es mi culpa". A death told, not one found now.
_TOLD_OF_BEFORE = (
    rf"(?! (?!{_HERE_ES})(?:en|cuando|mientras|despues|antes|con|para|sin|hace|tambien"
    r"|sobri[oa]|y (?:es|fue) (?:mi|por mi) culpa|por mi culpa)\b)"
)
DEAD_NOW_ES = (
    rf"\b{_BELIEVED_ES}(?: \w+){{0,3}} {_DEAD_ES}",
    rf"\b{_DEAD_ES}(?: \w+){{0,2}} {_CRY_ES}\b",
    rf"\b{_CRY_ES}(?: \w+){{0,3}} {_DEAD_ES}",
    rf"\b{_BELIEVED_ES}(?: \w+){{0,3}} (?:{_DIED_ES}|{_JUST_DIED_ES}){_OF_ANOTHER_CAUSE}"
    + _TOLD_OF_BEFORE,
    rf"\b{_JUST_DIED_ES}(?: \w+){{0,2}} {_CRY_ES}\b",
)
# A time told with the death: no longer now. Not "cuando" alone, which tells of now too
# ("cuando llegue estaba muerto").
DEATH_TOLD_WHEN_ES = (
    r"\b(?:hace (?:\w+ ){0,3}?(?:horas?|dias?|semanas?|mes|meses|anos?|rato|tiempo|mucho"
    r"|poco)|desde (?:hace|ayer|anoche|el|la)|pasad[oa]|anteayer|antier|esta manana|velorio"
    r"|entierro|funeral|cuando (?:yo |el |ella )?(?:era|eramos|tenia|teniamos)"
    r"|de (?:nin[oa]|chiquit[oa]|pequen[oa])|(?:19|20)\d\d|enero|febrero|marzo|abril|mayo"
    r"|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre"
    r"|el (?:lunes|martes|miercoles|jueves|viernes|sabado|domingo))\b",
)
