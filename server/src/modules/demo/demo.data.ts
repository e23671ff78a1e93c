/*
 * The raw material of the demo business: a Québec garage-and-fleet service company with
 * individual and business customers. Lists are curated (faker's fr_CA names are
 * European French); faker only draws from them, with a fixed seed.
 */

// biome-ignore format: a data table reads better packed
export const frenchFirstNames = [
  'Marie', 'Jean', 'Sophie', 'Mathieu', 'Isabelle', 'Étienne', 'Geneviève', 'François', 'Émilie', 'Louis',
  'Chantal', 'Stéphane', 'Nathalie', 'Benoît', 'Josée', 'Rémi', 'Mélanie', 'Sébastien', 'Véronique', 'Félix',
  'Camille', 'Gabriel', 'Léa', 'Olivier', 'Chloé', 'Jérôme', 'Annie', 'Maxime', 'Julie', 'Hélène', 'Denis',
  'Sylvie', 'Réjean', 'Ghislaine', 'Gaétan', 'Lucie', 'Pierre-Luc', 'Marc-André', 'Anne-Marie', 'Zoé',
  'Frédéric', 'Mégane', 'Noémie', 'Raphaël', 'Andrée', 'Jacinthe', 'Yannick', 'Élise', 'Francis', 'Manon',
];

// biome-ignore format: a data table reads better packed
export const englishFirstNames = [
  'John', 'Sarah', 'Michael', 'Emily', 'David', 'Jennifer', 'Kevin', 'Ashley', 'Patrick', 'Megan', 'Ryan',
  'Lisa', 'Sean', 'Heather', 'Brian', 'Karen', 'Colin', 'Fiona',
];

/** Montréal's and Québec's other communities, most of them French-speaking. */
// biome-ignore format: a data table reads better packed
export const otherFirstNames = [
  'Minh', 'Thi Lan', 'Quang', 'Hoa', 'Mohamed', 'Fatima', 'Youssef', 'Samira', 'Jean-Robert', 'Widline',
  'Harpreet', 'Amrit', 'Wei', 'Mei', 'Carlos', 'Lucía', 'Karim', 'Nadia',
];

// biome-ignore format: a data table reads better packed
export const frenchLastNames = [
  'Tremblay', 'Gagnon', 'Roy', 'Côté', 'Bouchard', 'Gauthier', 'Morin', 'Lavoie', 'Fortin', 'Gagné',
  'Ouellet', 'Pelletier', 'Bélanger', 'Lévesque', 'Bergeron', 'Leblanc', 'Paquette', 'Girard', 'Simard',
  'Boucher', 'Caron', 'Beaulieu', 'Cloutier', 'Dubé', 'Poirier', 'Fournier', 'Lapointe', 'Leclerc',
  'Lefebvre', 'Poulin', 'Thibault', 'St-Pierre', 'Nadeau', 'Martin', 'Landry', 'Mercier', 'Desjardins',
  'Hébert', 'Thériault', 'Bérubé', 'Gingras', 'Després', 'Laflamme', 'Vaillancourt',
];

// biome-ignore format: a data table reads better packed
export const englishLastNames = [
  "O'Brien", 'Smith', 'Johnson', 'Campbell', 'MacDonald', 'Murphy', 'Wilson', 'Taylor', 'Brown', 'Kelly',
  'Fraser', 'Stewart',
];

// biome-ignore format: a data table reads better packed
export const otherLastNames = [
  'Nguyen', 'Tran', 'Pham', 'Haddad', 'Benali', 'Joseph', 'Pierre', 'Singh', 'Chen', 'Wong', 'Rodriguez',
  'Khoury', 'Diallo',
];

// biome-ignore format: a data table reads better packed
export const companyTrades = [
  'Garage', 'Transport', 'Excavation', 'Plomberie', 'Toitures', 'Déneigement', 'Paysagement', 'Électricité',
  'Construction', 'Camionnage', 'Distribution', 'Location d’outils', 'Pneus', 'Mécanique', 'Autobus',
  'Entretien ménager', 'Ébénisterie', 'Livraison', 'Traiteur', 'Quincaillerie',
];

/** Trades whose customers run vehicles for a living: the "Flotte" segment. */
// biome-ignore format: a data table reads better packed
export const fleetTrades = new Set([
  'Transport', 'Excavation', 'Déneigement', 'Camionnage', 'Distribution', 'Autobus', 'Livraison',
]);

// biome-ignore format: a data table reads better packed
export const companyPlaces = [
  'Beauce', 'Laurentides', 'Rive-Sud', 'Saguenay', 'Mauricie', 'Outaouais', 'Estrie', 'Charlevoix',
  'Gaspésie', 'Abitibi', 'Lanaudière', 'Montérégie', 'Bas-Saint-Laurent', 'du Plateau', 'des Cantons',
];

export const companySuffixes = ['inc.', 'ltée', '& Fils inc.', 'enr.', 'S.E.N.C.', 'inc.', 'inc.'];

// biome-ignore format: a data table reads better packed
export const englishCompanies = [
  'Logistics Inc.', 'Trucking Ltd.', 'Consulting Inc.', 'Landscaping Ltd.', 'Fleet Services Inc.',
];

// biome-ignore format: a data table reads better packed
export const contactRoles = [
  'Propriétaire', 'Directeur général', 'Directrice des opérations', 'Comptable', 'Répartiteur',
  'Gestionnaire de flotte', 'Adjointe administrative', 'Contrôleur', 'Acheteur',
];

// biome-ignore format: a data table reads better packed
export const englishContactRoles = [
  'Owner', 'Operations Manager', 'Fleet Manager', 'Accountant', 'Dispatcher',
];

export interface DemoCity {
  name: string;
  /** Forward sortation areas (first half of the postal code) really used in that city. */
  fsas: string[];
  latitude: number;
  longitude: number;
  areaCodes: string[];
}

// biome-ignore format: a data table reads better packed
export const cities: DemoCity[] = [
  { name: 'Montréal', fsas: ['H2X', 'H2J', 'H3B', 'H1V', 'H4A', 'H2S', 'H1N'], latitude: 45.5017, longitude: -73.5673, areaCodes: ['514', '438'] },
  { name: 'Laval', fsas: ['H7N', 'H7T', 'H7L'], latitude: 45.5695, longitude: -73.724, areaCodes: ['450', '579'] },
  { name: 'Longueuil', fsas: ['J4K', 'J4H', 'J4J'], latitude: 45.5312, longitude: -73.5181, areaCodes: ['450', '579'] },
  { name: 'Brossard', fsas: ['J4W', 'J4Z'], latitude: 45.4584, longitude: -73.465, areaCodes: ['450'] },
  { name: 'Terrebonne', fsas: ['J6W', 'J6X'], latitude: 45.7, longitude: -73.6333, areaCodes: ['450'] },
  { name: 'Repentigny', fsas: ['J5Y', 'J6A'], latitude: 45.7422, longitude: -73.45, areaCodes: ['450'] },
  { name: 'Saint-Jérôme', fsas: ['J7Z', 'J7Y'], latitude: 45.7804, longitude: -74.0036, areaCodes: ['450'] },
  { name: 'Québec', fsas: ['G1R', 'G1V', 'G1K', 'G1S', 'G2J'], latitude: 46.8139, longitude: -71.208, areaCodes: ['418', '581'] },
  { name: 'Lévis', fsas: ['G6V', 'G6W', 'G6Z'], latitude: 46.8033, longitude: -71.1779, areaCodes: ['418', '581'] },
  { name: 'Saint-Georges', fsas: ['G5Y', 'G5Z'], latitude: 46.1181, longitude: -70.67, areaCodes: ['418'] },
  { name: 'Saguenay', fsas: ['G7H', 'G7B', 'G7X'], latitude: 48.4284, longitude: -71.0685, areaCodes: ['418', '581'] },
  { name: 'Rimouski', fsas: ['G5L', 'G5M'], latitude: 48.4489, longitude: -68.523, areaCodes: ['418'] },
  { name: 'Baie-Comeau', fsas: ['G4Z'], latitude: 49.2167, longitude: -68.15, areaCodes: ['418'] },
  { name: 'Gatineau', fsas: ['J8X', 'J8Y', 'J9H'], latitude: 45.4765, longitude: -75.7013, areaCodes: ['819', '873'] },
  { name: 'Sherbrooke', fsas: ['J1H', 'J1E', 'J1J'], latitude: 45.4042, longitude: -71.8929, areaCodes: ['819', '873'] },
  { name: 'Magog', fsas: ['J1X'], latitude: 45.2667, longitude: -72.15, areaCodes: ['819'] },
  { name: 'Trois-Rivières', fsas: ['G8T', 'G9A', 'G8Y'], latitude: 46.3432, longitude: -72.5477, areaCodes: ['819'] },
  { name: 'Shawinigan', fsas: ['G9N'], latitude: 46.5667, longitude: -72.75, areaCodes: ['819'] },
  { name: 'Drummondville', fsas: ['J2B', 'J2C'], latitude: 45.8833, longitude: -72.4833, areaCodes: ['819', '873'] },
  { name: 'Victoriaville', fsas: ['G6P'], latitude: 46.05, longitude: -71.9667, areaCodes: ['819'] },
  { name: 'Granby', fsas: ['J2G', 'J2H'], latitude: 45.4, longitude: -72.7333, areaCodes: ['450', '579'] },
  { name: 'Saint-Hyacinthe', fsas: ['J2S', 'J2T'], latitude: 45.6307, longitude: -72.9567, areaCodes: ['450'] },
  { name: 'Rouyn-Noranda', fsas: ['J9X', 'J9Y'], latitude: 48.2366, longitude: -79.0231, areaCodes: ['819'] },
  { name: 'Mont-Tremblant', fsas: ['J8E'], latitude: 46.1185, longitude: -74.5962, areaCodes: ['819'] },
];

/** Weighted towards where people live: Montréal and Québec come up most. */
export const cityWeights: Record<string, number> = {
  Montréal: 8,
  Québec: 5,
  Laval: 3,
  Longueuil: 3,
  Gatineau: 3,
  Sherbrooke: 2,
  Lévis: 2,
};

// biome-ignore format: a data table reads better packed
export const streets = [
  'rue Principale', 'rue Notre-Dame', 'rue Saint-Jean', 'boulevard Saint-Joseph', 'avenue du Parc',
  'rue des Érables', 'rue Sherbrooke Est', 'boulevard René-Lévesque', 'chemin Sainte-Foy', 'rue King Ouest',
  'rang Saint-Joseph', 'avenue Cartier', 'boulevard Taschereau', 'rue Wellington', 'montée Sainte-Julie',
  'rue de la Montagne', 'boulevard des Laurentides', 'rue Racine', 'avenue Royale', 'chemin du Lac',
  'rue Champlain', 'boulevard Industriel', 'rue Saint-Laurent', 'avenue des Pins', 'rue Laurier',
];

// biome-ignore format: a data table reads better packed
export const industrialStreets = [
  'boulevard Industriel', 'rue de l’Industrie', 'rue du Parc-Industriel', 'montée Masson', 'route 132',
  'route 116', 'chemin de la Grande-Côte', 'rue des Entreprises',
];

export interface VehicleModel {
  make: string;
  model: string;
  /** World manufacturer identifiers (VIN positions 1–3) used for this model. */
  wmis: string[];
  from: number;
  fleet?: boolean;
}

// biome-ignore format: a data table reads better packed
export const vehicleModels: VehicleModel[] = [
  { make: 'Toyota', model: 'Corolla', wmis: ['2T1'], from: 2008 },
  { make: 'Toyota', model: 'RAV4', wmis: ['2T3'], from: 2010 },
  { make: 'Toyota', model: 'Tacoma', wmis: ['3TM', '5TF'], from: 2010 },
  { make: 'Toyota', model: 'Sienna', wmis: ['5TD'], from: 2011 },
  { make: 'Honda', model: 'Civic', wmis: ['2HG'], from: 2008 },
  { make: 'Honda', model: 'CR-V', wmis: ['2HK', '5J6'], from: 2010 },
  { make: 'Honda', model: 'Odyssey', wmis: ['5FN'], from: 2011 },
  { make: 'Ford', model: 'F-150', wmis: ['1FT'], from: 2009, fleet: true },
  { make: 'Ford', model: 'Escape', wmis: ['1FM'], from: 2010 },
  { make: 'Ford', model: 'Transit', wmis: ['1FT'], from: 2015, fleet: true },
  { make: 'Chevrolet', model: 'Silverado 1500', wmis: ['1GC', '3GC'], from: 2010, fleet: true },
  { make: 'Chevrolet', model: 'Equinox', wmis: ['2GN', '3GN'], from: 2010 },
  { make: 'GMC', model: 'Sierra 2500HD', wmis: ['1GT'], from: 2012, fleet: true },
  { make: 'Ram', model: '1500', wmis: ['1C6'], from: 2012, fleet: true },
  { make: 'Ram', model: 'ProMaster', wmis: ['3C6'], from: 2014, fleet: true },
  { make: 'Hyundai', model: 'Elantra', wmis: ['KMH'], from: 2010 },
  { make: 'Hyundai', model: 'Tucson', wmis: ['KM8'], from: 2010 },
  { make: 'Kia', model: 'Soul', wmis: ['KND'], from: 2012 },
  { make: 'Subaru', model: 'Forester', wmis: ['JF2'], from: 2010 },
  { make: 'Subaru', model: 'Outback', wmis: ['4S4'], from: 2010 },
  { make: 'Mazda', model: 'Mazda3', wmis: ['JM1', '3MZ'], from: 2010 },
  { make: 'Mazda', model: 'CX-5', wmis: ['JM3'], from: 2013 },
  { make: 'Nissan', model: 'Rogue', wmis: ['5N1', 'JN8'], from: 2010 },
  { make: 'Nissan', model: 'Sentra', wmis: ['3N1'], from: 2010 },
  { make: 'Volkswagen', model: 'Jetta', wmis: ['3VW'], from: 2010 },
  { make: 'Volkswagen', model: 'Tiguan', wmis: ['WVG'], from: 2010 },
  { make: 'Tesla', model: 'Model 3', wmis: ['5YJ'], from: 2018 },
  { make: 'Tesla', model: 'Model Y', wmis: ['7SA'], from: 2021 },
  { make: 'Mercedes-Benz', model: 'Sprinter', wmis: ['W1Y'], from: 2019, fleet: true },
  { make: 'Isuzu', model: 'NPR', wmis: ['54D', 'JAL'], from: 2012, fleet: true },
  { make: 'Freightliner', model: 'Cascadia', wmis: ['3AK'], from: 2012, fleet: true },
  { make: 'International', model: 'LT', wmis: ['3HS'], from: 2017, fleet: true },
  { make: 'Kenworth', model: 'T680', wmis: ['1XK'], from: 2014, fleet: true },
];

export interface ActivityTemplate {
  type: 'note' | 'call' | 'email' | 'sms' | 'appointment';
  title: string;
  description?: string;
  /** Only for business customers. */
  business?: boolean;
}

// biome-ignore format: a data table reads better packed
export const frenchActivities: ActivityTemplate[] = [
  { type: 'call', title: 'Appel : demande de soumission pour un entretien' },
  { type: 'call', title: 'Appel : confirmation du rendez-vous' },
  { type: 'call', title: 'Appel manqué — message laissé dans la boîte vocale' },
  { type: 'call', title: 'Appel : suivi après la réparation', description: 'Client satisfait, aucun bruit depuis le remplacement des plaquettes.' },
  { type: 'call', title: 'Appel : question sur la facture', description: 'Explication des frais de main-d’œuvre ; aucune correction nécessaire.' },
  { type: 'email', title: 'Courriel : soumission envoyée' },
  { type: 'email', title: 'Courriel : rappel d’entretien saisonnier' },
  { type: 'email', title: 'Courriel reçu : demande de disponibilités la semaine prochaine' },
  { type: 'email', title: 'Courriel : reçu de paiement envoyé' },
  { type: 'appointment', title: 'Rendez-vous : changement de pneus d’hiver' },
  { type: 'appointment', title: 'Rendez-vous : entretien 60 000 km' },
  { type: 'appointment', title: 'Rendez-vous : inspection mécanique SAAQ' },
  { type: 'appointment', title: 'Rendez-vous : évaluation des dommages après sinistre' },
  { type: 'appointment', title: 'Rendez-vous : revue annuelle du contrat de flotte', business: true },
  { type: 'appointment', title: 'Rendez-vous : inspection PEP des camions', business: true },
  { type: 'note', title: 'Préfère être joint en après-midi' },
  { type: 'note', title: 'Pneus d’hiver entreposés chez nous', description: '4 × Michelin X-Ice Snow, 225/65R17, usure 40 %.' },
  { type: 'note', title: 'Client fidèle — proposer le programme VIP' },
  { type: 'note', title: 'Véhicule de courtoisie demandé au prochain rendez-vous' },
  { type: 'note', title: 'Facturation mensuelle regroupée demandée', business: true },
  { type: 'note', title: 'Bon de commande obligatoire sur chaque facture', business: true },
  { type: 'sms', title: 'SMS : rappel de rendez-vous envoyé' },
  { type: 'sms', title: 'SMS : votre véhicule est prêt' },
  { type: 'sms', title: 'SMS reçu : « Parfait, je serai là à 8 h »' },
];

// biome-ignore format: a data table reads better packed
export const englishActivities: ActivityTemplate[] = [
  { type: 'call', title: 'Call: asked for a maintenance quote' },
  { type: 'call', title: 'Call: appointment confirmed' },
  { type: 'call', title: 'Missed call — left a voicemail' },
  { type: 'call', title: 'Call: follow-up after the repair', description: 'Happy with the work; the noise is gone.' },
  { type: 'email', title: 'Email: quote sent' },
  { type: 'email', title: 'Email: seasonal maintenance reminder' },
  { type: 'email', title: 'Email received: asking for availability next week' },
  { type: 'appointment', title: 'Appointment: winter tire changeover' },
  { type: 'appointment', title: 'Appointment: 60,000 km service' },
  { type: 'appointment', title: 'Appointment: annual fleet contract review', business: true },
  { type: 'note', title: 'Prefers calls in the afternoon' },
  { type: 'note', title: 'Winter tires stored on site', description: '4 × Bridgestone Blizzak, 235/60R18.' },
  { type: 'note', title: 'Needs a PO number on every invoice', business: true },
  { type: 'sms', title: 'SMS: appointment reminder sent' },
  { type: 'sms', title: 'SMS: your vehicle is ready' },
];

/** Providers for personal emails, on the reserved .example TLD (RFC 2606): demo data never reaches a real inbox. */
// biome-ignore format: a data table reads better packed
export const emailProviders = [
  'videotron.example', 'gmail.example', 'hotmail.example', 'outlook.example', 'sympatico.example',
];
