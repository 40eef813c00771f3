/**
 * Sample values for plausible applications: umlauts, ß, hyphenated and very long names, names from other
 * languages; places in Lower Saxony. Invented combinations; any likeness to real persons is accidental.
 */
export const FIRST_NAMES_FEMALE = [
  'Anna-Lena',
  'Käthe',
  'Sophie',
  'Zoë',
  'Gülşen',
  'Ingeborg',
  'Anneliese',
  'Ayşe',
  'Małgorzata',
  'Renée',
  'Hannah',
  'Jördis',
  'Marie-Luise',
  'Thị Hương',
  'Frauke',
  'Brünnhilde',
] as const;

export const FIRST_NAMES_MALE = [
  'Jürgen',
  'Björn',
  'Jörg',
  'Lukas',
  'Mehmet',
  'Özgür',
  'Hans-Günther',
  'Friedrich-Wilhelm',
  'Søren',
  'Jan-Ole',
  'Maximilian Alexander',
  'Grzegorz',
  'Étienne',
  'Fritz',
  'Düzgün',
  'Bernd',
] as const;

export const FAMILY_NAMES = [
  'Müller',
  'Schäfer',
  'Weiß',
  'Groß',
  'Köhler',
  'Böhm',
  'Süßmuth',
  'Meyer-Lüdenscheid',
  'von Bülow-Schwerin',
  'Papadopoulou',
  'Nguyễn',
  'Özdemir',
  'Wolff-Großkopf',
  'Krüger',
  'Jäger',
  'Fuß',
  'Strauß',
  'Oberhäußer-Sonnenschein',
  'Freifrau von und zu Hohenlöwenstein-Wittgenstein-Berleburg',
  'Kowalczyk',
  'Çelik',
] as const;

export const STREETS = [
  'Große Straße',
  'Lange Laube',
  'Bahnhofstraße',
  'Am Mühlenteich',
  'Schloßstraße',
  'Friedrich-Ebert-Platz',
  'Äußere Rosenthaler Chaussee',
  'Königsworther Platz',
  'Straße des 17. Juni',
  'Grüner Weg',
  'Süßer Winkel',
  'Bürgermeister-Smidt-Straße',
  'An der Lutherkirche',
  'Weißekreuzstraße',
  'Ährenfeld',
] as const;

export const PLACES = [
  { postleitzahl: '30159', ort: 'Hannover' },
  { postleitzahl: '37073', ort: 'Göttingen' },
  { postleitzahl: '49074', ort: 'Osnabrück' },
  { postleitzahl: '26121', ort: 'Oldenburg (Oldb)' },
  { postleitzahl: '38100', ort: 'Braunschweig' },
  { postleitzahl: '21335', ort: 'Lüneburg' },
  { postleitzahl: '31134', ort: 'Hildesheim' },
  { postleitzahl: '29221', ort: 'Celle' },
  { postleitzahl: '49716', ort: 'Meppen' },
  { postleitzahl: '26789', ort: 'Leer (Ostfriesland)' },
] as const;

export const BIRTH_PLACES = [
  'Hannover',
  'Göttingen',
  'Lüneburg',
  'İzmir',
  'Kraków',
  'Thessaloniki',
  'Hà Nội',
  'Zürich',
  'Wrocław',
  'Mönchengladbach',
  'Saarbrücken',
  'Łódź',
] as const;

export const NATIONALITIES = [
  'deutsch',
  'türkisch',
  'polnisch',
  'griechisch',
  'vietnamesisch',
  'österreichisch',
  'syrisch',
  'ukrainisch',
] as const;

export const DOG_BREEDS = [
  'Deutscher Schäferhund',
  'Labrador Retriever',
  'Rauhaardackel',
  'Mischling',
  'Golden Retriever',
  'Französische Bulldogge',
  'Großer Münsterländer',
  'Jack-Russell-Terrier',
  'Border Collie',
  'Hovawart',
] as const;

export const DOG_NAMES = [
  'Bello',
  'Luna',
  'Fiete',
  'Käthe',
  'Balu',
  'Frieda',
  'Struppi',
  'Jördis',
  'Motte',
  'Öskar',
] as const;

export const VEHICLES = [
  ['Volkswagen', 'Golf Variant'],
  ['Opel', 'Corsa'],
  ['Škoda', 'Octavia Combi'],
  ['BMW', '320d Touring'],
  ['Citroën', 'C3'],
  ['Mercedes-Benz', 'A 180'],
] as const;

export const PLATE_PREFIXES = ['H', 'GÖ', 'OS', 'OL', 'BS', 'LG', 'HI', 'CE'] as const;

export const TRADES = [
  {
    firma: 'Bäckerei Süßkind',
    taetigkeit: 'Herstellung und Einzelhandel mit Backwaren und Konditoreierzeugnissen',
  },
  {
    firma: 'Müller & Schäfer IT-Dienstleistungen',
    taetigkeit: 'Softwareentwicklung, IT-Beratung und Schulungen',
  },
  { firma: 'Glanzwerk Gebäudeservice', taetigkeit: 'Gebäudereinigung, Glasreinigung und Hausmeisterdienste' },
  {
    firma: 'Café Weißes Rössl',
    taetigkeit: 'Betrieb eines Cafés mit Außenbewirtschaftung, Verkauf von Speisen und Getränken',
  },
  {
    firma: 'Radwerkstatt an der Großen Straße',
    taetigkeit: 'Reparatur von Fahrrädern sowie Handel mit gebrauchten Fahrrädern und Zubehör',
  },
  {
    firma: 'Bühnenkraft Veranstaltungstechnik',
    taetigkeit: 'Vermietung von Veranstaltungstechnik, Bühnenbau und technische Betreuung',
  },
] as const;

export const REGISTER_COURTS = [
  'Amtsgericht Hannover',
  'Amtsgericht Göttingen',
  'Amtsgericht Osnabrück',
  'Amtsgericht Lüneburg',
] as const;

export const SPECIAL_USES = {
  baustelleneinrichtung:
    'Aufstellung eines Baustellenzauns und eines Baucontainers für die Sanierung der Fassade.',
  container: 'Abstellen eines Absetzcontainers (7 m³) für Bauschutt während der Badsanierung.',
  geruest: 'Aufstellen eines Fassadengerüsts für Dacharbeiten; der Gehweg bleibt über einen Tunnel begehbar.',
  aussengastronomie: 'Aufstellung von sechs Tischen und zwölf Stühlen vor dem Café während der Sommersaison.',
  infostand:
    'Informationsstand eines gemeinnützigen Vereins zum Tag der offenen Tür, ein Tisch mit Sonnenschirm.',
  umzug: 'Halteverbotszone für einen Umzugs-Lkw (7,5 t) am Umzugstag.',
} as const;
