import { fakerDE, fakerEN, fakerES, fakerFR, fakerIT, fakerVI } from '@faker-js/faker';
import { flat, type Random, Weighted, zipf } from './random.ts';

/*
 * Name pools for a Québec customer base. Each origin has its own ranked surnames and first
 * names (common ones first: weights fall off like real name frequencies), and a long tail of
 * rarer names borrowed from faker's locale lists, so a million customers carry tens of
 * thousands of distinct words, as a real CRM does.
 */

// Ranked roughly by frequency in Québec (Tremblay ≈ 1 % of the population).
const quebecSurnames = `Tremblay Gagnon Roy Côté Bouchard Gauthier Morin Lavoie Fortin Gagné Ouellet Pelletier
Bélanger Lévesque Bergeron Leblanc Paquette Girard Simard Boucher Caron Beaulieu Cloutier Dubé Poirier Fournier
Lapointe Leclerc Lefebvre Poulin Thibault St-Pierre Nadeau Martin Landry Martel Bédard Grenier Lessard Bernier
Richard Michaud Hébert Desjardins Couture Turcotte Lachance Parent Blais Gosselin Savard Proulx Beaudoin Demers
Perreault Boudreau Lemieux Cyr Perron Dufour Dion Mercier Bolduc Bérubé Boivin Langlois Ménard Lemay Fontaine
Thériault Charbonneau Vachon Plante Brassard Leduc Tessier Lacroix Larouche Giroux Therrien Marcotte Guay Allard
Vaillancourt Jean Charron Lavallée Rousseau Guérin Champagne Carrier Cormier Boisvert Poitras Labelle Rioux Harvey
Paradis Dumont Benoît Bisson Blanchette Beauchamp Lalonde Lamontagne Audet Labrecque Lepage Larivière Gilbert
Tardif Sirois Desrosiers Chabot Gendron Laplante Tanguay Arsenault Pépin Brunet Robitaille Lauzon Deschênes
Chartrand Lafleur Gingras Racine Labbé Houle Bernard Duchesne Rochon Laroche Lavigne Lacasse Picard Fleury Hamel
Belley Pouliot Fréchette Vézina Bussières Durand Drouin Bélisle Morissette Séguin Gaudreault Lajoie Desrochers
Trudel Marchand Doucet Daigle Beauregard Gervais Vallée Boulanger Provost Jacques Asselin Brochu Rivard Gauvin
Lachapelle Sauvé Legault Bourque Lemire Fillion Vigneault Lapierre Rheault Bourgeois Comeau Deschamps Veilleux
Lalande Paré Godin Nolet Bouffard Lebel Massé Hamelin Desbiens Ferland Brisson Villeneuve Sylvestre Sévigny
Pilon Cousineau Trépanier Samson Larose Robichaud Beaudry Clément Lamarche Aubin Poisson Émond Guillemette
Bernatchez Labonté Dallaire Faucher Boily Lévêque Goulet Laflamme Dupuis Gaudet Hudon Laliberté Lacombe Beaupré
Brodeur Lefrançois Patry Pharand Rodrigue Thivierge Tétreault Vézeau Beaulne Pinard Bissonnette Lortie Lemelin
Cantin Genest Desautels Carbonneau Bergevin Lamoureux Corriveau Côté-Tremblay Jodoin Charest Mailloux Quesnel
D'Amours D'Anjou L'Heureux L'Italien St-Laurent St-Onge Saint-Onge Ste-Marie Saint-Jean St-Amand St-Germain
De Grandpré Desmarais Archambault Laurin Huot Bérard Lizotte Gadbois Chrétien Daoust Dussault Roussel Ouimet`
  .split(/\s+/)
  .filter(Boolean);

const englishSurnames =
  `Smith Brown Wilson MacDonald Campbell Johnson Stewart Taylor Anderson Thompson Scott Murray
Robertson Reid Ross Clark Murphy Kelly O'Brien O'Connor Ryan Walsh Fraser Morrison Hughes Young White King Lee
Miller Jones Williams Davis Moore Mitchell McLean McKenzie Graham Hamilton Kennedy Bell Wright Walker Cooper Gordon
Stevens Wood Turner Ward Price Fisher Hill Baker Carter Hall Allen Green Lewis Cohen Levy Katz Goldberg Friedman
Schwartz Rosenberg McGill Sullivan Doyle Flanagan Gallagher Burke Quinn Byrne Lynch McCarthy Henderson Patterson`
    .split(/\s+/)
    .filter(Boolean);

const haitianSurnames = `Jean-Baptiste Joseph Pierre Louis Charles Désir Saint-Fleur Étienne Augustin Dorval
Jean-Louis Célestin Alexis Jean-Pierre Toussaint Lafortune Fils-Aimé Bien-Aimé Noël Duverger Casimir Dorsainvil
Mompoint Jean-Charles Innocent Belizaire Délva Théodore`
  .split(/\s+/)
  .filter(Boolean);

const italianSurnames =
  `Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti
De Luca Costa Giordano Mancini Rizzo Lombardi Moretti Di Stefano Ciccone D'Amico Iacono Scalia Pizzolongo Caputo
Vitale Saputo DiPietro Cavaliere Zampino`
    .split(/\s+/)
    .filter(Boolean);

const arabicSurnames =
  `Haddad Khoury Saleh Hamdan Benali Benslimane Belkacem Bouazza Mansour Nasser Chahine Saad
El Khoury Aït Ahmed Boudjema Cherif Amrani Alaoui Bennani Tahiri Zerrouki Hammoudi Bouchareb Ghanem Karam Azzi
Abi Nader Medjahed Benhamou Rahal`
    .split(/\s+/)
    .filter(Boolean);

const vietnameseSurnames = 'Nguyen Tran Le Pham Huynh Hoang Phan Vu Vo Dang Bui Do Ho Ngo Duong Ly'.split(
  ' ',
);
const chineseSurnames =
  'Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo Lin Wong Chan Leung Cheung Lam'.split(
    ' ',
  );
const latinSurnames = `Garcia Rodriguez Martinez Hernandez Lopez Gonzalez Perez Sanchez Ramirez Torres Flores
Rivera Gomez Diaz Morales Reyes Cruz Ortiz Gutiérrez Chávez Ramos Muñoz Castillo Jiménez Vargas Rojas`
  .split(/\s+/)
  .filter(Boolean);
const southAsianSurnames =
  'Singh Patel Kaur Sharma Kumar Gill Shah Khan Ahmed Ali Hussain Rahman Chowdhury Das Sandhu Dhillon Grewal'.split(
    ' ',
  );
const portugueseSurnames =
  'Silva Santos Ferreira Pereira Oliveira Rodrigues Martins Sousa Fernandes Medeiros Furtado Rego'.split(' ');
const greekSurnames = 'Papadopoulos Georgiou Nikolaou Dimitriou Kostopoulos Papadakis Vlahos Karras'.split(
  ' ',
);
const indigenousSurnames =
  'Kurtness Vollant Mestokosho Awashish Petiquay Coonishish Gull Weistche Echaquan Siméon Bacon Dubé-Picard'.split(
    ' ',
  );

const quebecMale =
  `Jean Pierre Michel André Luc Marc Sylvain Stéphane Martin Éric François Daniel Alain Mathieu
Simon Jonathan Maxime Alexandre Olivier Samuel William Gabriel Félix Thomas Louis Nathan Antoine Émile Léo Jacob
Charles Étienne Guillaume Patrick Sébastien Benoît Jérôme Yves Gilles Denis Réjean Gaétan Normand Serge Claude
Richard Robert Raymond Jacques Guy Mario Carl Dave Steve Kevin Vincent Nicolas David Christian Frédéric Hugo Raphaël
Zachary Xavier Édouard Arnaud Julien Philippe Dominique Marcel Roger Gérard Lucien Réal Donald Ghislain Rémi
Benjamin Noah Liam Arthur Jules Théo Loïc Mikaël Jérémie Cédric Danny Yannick Bruno Denis Martin Francis Pascal`
    .split(/\s+/)
    .filter(Boolean);

const quebecFemale = `Marie Julie Nathalie Isabelle Sylvie Josée Chantal Mélanie Stéphanie Geneviève Catherine
Caroline Annie Véronique Sophie Audrey Émilie Camille Léa Chloé Florence Rosalie Alice Charlotte Béatrice Zoé
Laurence Jade Maude Karine Manon Lise Francine Diane Ginette Lucie Johanne Danielle Hélène Louise Monique Claire
Céline Élise Noémie Océane Sarah Emma Éloïse Valérie Mylène Andrée Martine Nicole Suzanne Jocelyne Carole Linda
Pauline Gisèle Thérèse Jacinthe Marjolaine Roxanne Vanessa Kim Cynthia Joëlle Amélie Ariane Justine Clara Olivia
Anaïs Juliette Marguerite Élodie Édith Solange Denise Colette Huguette Raymonde Micheline France Brigitte Anne`
  .split(/\s+/)
  .filter(Boolean);

const quebecCompound =
  `Jean-François Marie-Ève Jean-Philippe Pierre-Luc Marc-André Jean-Sébastien Anne-Marie Marie-Josée
Marie-Hélène Marie-Claude Marie-Pier Jean-Guy Jean-Marc Jean-Pierre Jean-Claude Marie-France Marie-Christine
Pierre-Olivier Louis-Philippe Charles-Antoine Marie-Soleil Jean-Michel Marie-Andrée Anne-Sophie Jean-Nicolas
Marc-Antoine Pier-Luc Marie-Lou Jean-Félix Louis-Charles`
    .split(/\s+/)
    .filter(Boolean);

const englishFirst =
  `John David Michael James Robert Sarah Jennifer Emily Jessica Ashley Christopher Matthew Andrew
Ryan Daniel Brian Kevin Jason Karen Susan Linda Elizabeth Margaret Patricia Heather Megan Amanda Rachel Laura Emma
Liam Noah Ethan Olivia Ava Sophia Mia Chloe Jack Owen Lucas Benjamin Grace Hannah Abigail Madison Taylor Morgan`
    .split(/\s+/)
    .filter(Boolean);

const haitianFirst =
  `Jean-Robert Wilner Frantz Jocelyn Ricardo Widlène Nadège Guerline Fabienne Ketly Marie-Carmelle
Rodney Kervens Schneider Dieumerci Mackenson Roselène Nathalie Stéphanie Emmanuel Jean-Junior Djenane`
    .split(/\s+/)
    .filter(Boolean);
const italianFirst = `Giuseppe Antonio Giovanni Francesco Luigi Marco Luca Paolo Angela Maria Giulia Francesca
Rosa Anna Carmela Nicola Domenico Vincenzo Salvatore Teresa Lucia Sabrina Tony Frank Sandra`
  .split(/\s+/)
  .filter(Boolean);
const arabicFirst =
  `Mohamed Ahmed Youssef Karim Samir Nabil Rachid Omar Ali Hassan Mehdi Amine Yasmine Fatima Nadia
Samira Leïla Amira Sara Rania Inès Malika Khadija Hamza Ilyes Rayan Walid Sofiane Myriam Nour`
    .split(/\s+/)
    .filter(Boolean);
const latinFirst = `José Juan Carlos Luis Jorge Miguel Alejandro Diego Andrés Fernando Sofía Valentina Camila
Gabriela Daniela Mariana Lucía Ana Paula Catalina Alejandra Martín Mateo Santiago`
  .split(/\s+/)
  .filter(Boolean);
const chineseFirst =
  'Wei Jing Li Ming Hui Yan Xin Hao Jun Lei Mei Ling Yu Kevin Jenny Vivian Eric Jason Tony Cindy'.split(' ');
const southAsianFirst =
  'Amandeep Harpreet Gurpreet Ravi Raj Priya Anjali Sunita Arjun Rohan Fatima Ayesha Imran Asif Sana Neha Vikram'.split(
    ' ',
  );
const portugueseFirst = 'João Manuel José António Paulo Ana Maria Fernanda Luísa Rui Tiago Inês'.split(' ');
const greekFirst =
  'Georgios Dimitrios Konstantinos Nikolaos Eleni Maria Katerina Sofia Yannis Christos'.split(' ');

function fakerNames(list: readonly string[] | undefined): string[] {
  // Keep simple Latin-script names; skip any with characters a CRM in Québec would rarely see.
  return (list ?? []).filter((name) => /^[\p{Script=Latin}' -]+$/u.test(name) && name.length > 1);
}

const people = {
  fakerLastFR: fakerNames(fakerFR.rawDefinitions.person?.last_name?.generic),
  fakerLastEN: fakerNames(fakerEN.rawDefinitions.person?.last_name?.generic),
  fakerLastIT: fakerNames(fakerIT.rawDefinitions.person?.last_name?.generic),
  fakerLastES: fakerNames(fakerES.rawDefinitions.person?.last_name?.generic),
  fakerLastDE: fakerNames(fakerDE.rawDefinitions.person?.last_name?.generic),
  fakerFirstFR: fakerNames([
    ...(fakerFR.rawDefinitions.person?.first_name?.male ?? []),
    ...(fakerFR.rawDefinitions.person?.first_name?.female ?? []),
  ]),
  fakerFirstEN: fakerNames([
    ...(fakerEN.rawDefinitions.person?.first_name?.male ?? []),
    ...(fakerEN.rawDefinitions.person?.first_name?.female ?? []),
  ]),
  fakerFirstIT: fakerNames([
    ...(fakerIT.rawDefinitions.person?.first_name?.male ?? []),
    ...(fakerIT.rawDefinitions.person?.first_name?.female ?? []),
  ]),
  fakerFirstES: fakerNames([
    ...(fakerES.rawDefinitions.person?.first_name?.male ?? []),
    ...(fakerES.rawDefinitions.person?.first_name?.female ?? []),
  ]),
  fakerFirstDE: fakerNames([
    ...(fakerDE.rawDefinitions.person?.first_name?.male ?? []),
    ...(fakerDE.rawDefinitions.person?.first_name?.female ?? []),
  ]),
  fakerFirstVI: fakerNames([
    ...(fakerVI.rawDefinitions.person?.first_name?.male ?? []),
    ...(fakerVI.rawDefinitions.person?.first_name?.female ?? []),
  ]),
};

export type Origin = 'qc' | 'en' | 'other';

interface OriginPools {
  origin: Origin;
  language: 'fr-CA' | 'en-CA';
  surnames: Weighted<string>;
  firstNames: Weighted<string>;
}

function origin(
  originName: Origin,
  language: 'fr-CA' | 'en-CA',
  surnames: (readonly [string, number])[],
  firstNames: (readonly [string, number])[],
): OriginPools {
  return {
    origin: originName,
    language,
    surnames: new Weighted(surnames),
    firstNames: new Weighted(firstNames),
  };
}

const quebec = origin(
  'qc',
  'fr-CA',
  [...zipf(quebecSurnames, 0.9), ...flat(people.fakerLastFR, 0.1)],
  [
    ...zipf(quebecMale, 0.42, 0.8, 6),
    ...zipf(quebecFemale, 0.42, 0.8, 6),
    ...zipf(quebecCompound, 0.12, 0.8, 4),
    ...flat(people.fakerFirstFR, 0.04),
  ],
);

const origins = new Weighted<OriginPools>([
  [quebec, 0.68],
  [
    origin(
      'en',
      'en-CA',
      [...zipf(englishSurnames, 0.75), ...flat(people.fakerLastEN, 0.25)],
      [...zipf(englishFirst, 0.8), ...flat(people.fakerFirstEN, 0.2)],
    ),
    0.12,
  ],
  [origin('other', 'fr-CA', zipf(haitianSurnames, 1), zipf(haitianFirst, 1)), 0.03],
  [
    origin(
      'other',
      'fr-CA',
      [...zipf(italianSurnames, 0.6), ...flat(people.fakerLastIT, 0.4)],
      [...zipf(italianFirst, 0.7), ...flat(people.fakerFirstIT, 0.3)],
    ),
    0.03,
  ],
  [origin('other', 'fr-CA', zipf(arabicSurnames, 1), zipf(arabicFirst, 1)), 0.035],
  [origin('other', 'fr-CA', zipf(vietnameseSurnames, 1, 1.1, 1), flat(people.fakerFirstVI, 1)), 0.012],
  [origin('other', 'en-CA', zipf(chineseSurnames, 1, 1, 2), zipf(chineseFirst, 1)), 0.02],
  [
    origin(
      'other',
      'fr-CA',
      [...zipf(latinSurnames, 0.6), ...flat(people.fakerLastES, 0.4)],
      [...zipf(latinFirst, 0.7), ...flat(people.fakerFirstES, 0.3)],
    ),
    0.03,
  ],
  [origin('other', 'en-CA', zipf(southAsianSurnames, 1), zipf(southAsianFirst, 1)), 0.015],
  [origin('other', 'fr-CA', zipf(portugueseSurnames, 1), zipf(portugueseFirst, 1)), 0.01],
  [origin('other', 'fr-CA', zipf(greekSurnames, 1), zipf(greekFirst, 1)), 0.005],
  [origin('other', 'fr-CA', zipf(indigenousSurnames, 1), zipf(quebecMale.concat(quebecFemale), 1)), 0.003],
  [
    origin(
      'other',
      'fr-CA',
      [...flat(people.fakerLastDE, 0.7), ...flat(people.fakerLastFR, 0.3)],
      [...flat(people.fakerFirstDE, 0.6), ...flat(people.fakerFirstFR, 0.4)],
    ),
    0.02,
  ],
]);

export interface PersonName {
  first_name: string;
  last_name: string;
  language: 'fr-CA' | 'en-CA';
  origin: Origin;
}

export function personName(random: Random): PersonName {
  const pools = origins.pick(random);
  // Mixed families: a first name from Québec's pool with a surname from elsewhere, and back.
  const firstPools = random.next() < 0.12 ? quebec : pools;
  let last_name = pools.surnames.pick(random);
  // Double-barrelled surnames, common for Quebecers born 1980–2000.
  if (pools === quebec && random.next() < 0.06) {
    const second = quebec.surnames.pick(random);
    if (second !== last_name && !last_name.includes('-') && !last_name.includes(' '))
      last_name = `${last_name}-${second}`;
  }
  return {
    first_name: firstPools.firstNames.pick(random),
    last_name,
    language: pools.language,
    origin: pools.origin,
  };
}

export function quebecSurname(random: Random): string {
  return quebec.surnames.pick(random);
}

export function anySurname(random: Random): string {
  return origins.pick(random).surnames.pick(random);
}

/** The most common Québec surnames, for search queries that return many customers. */
export const commonSurnames = quebecSurnames.slice(0, 25);

const companyWords = `Pneus Garage Transport Excavation Toiture Plomberie Électricité Menuiserie Boulangerie
Fromagerie Érablière Quincaillerie Déneigement Paysagement Rénovations Construction Camionnage Mécanique
Carrosserie Location Informatique Comptabilité Assurances Distribution Alimentation Pharmacie Clinique Imprimerie
Nettoyage Entretien Climatisation Chauffage Vitrerie Ébénisterie Traiteur Auberge Pourvoirie`
  .split(/\s+/)
  .filter(Boolean);
const companyPlaces = `Laurentides Mauricie Beauce Outaouais Saguenay Estrie Gaspésie Lanaudière Montérégie
Charlevoix Abitibi Côte-Nord Rive-Sud Rive-Nord Boréal Fleuve Saint-Laurent Mont-Royal Vieux-Port Lac-Saint-Jean`
  .split(/\s+/)
  .filter(Boolean);
const englishCompanyWords =
  'Logistics Solutions Consulting Services Holdings Auto Fleet Supply Systems Partners Group Trucking Electric Roofing'.split(
    ' ',
  );
const legalForms = new Weighted<string>([
  ['inc.', 0.45],
  ['ltée', 0.15],
  ['', 0.25],
  ['s.e.n.c.', 0.05],
  ['Inc.', 0.1],
]);

export function companyName(random: Random): string {
  const surname = quebecSurname(random);
  const word = companyWords[Math.floor(random.next() * companyWords.length)]!;
  const place = companyPlaces[Math.floor(random.next() * companyPlaces.length)]!;
  const form = legalForms.pick(random);
  const draw = random.next();
  let name: string;
  if (draw < 0.25) name = `${word} ${surname}`;
  else if (draw < 0.4) name = `${surname} & Fils`;
  else if (draw < 0.55) name = `Les Entreprises ${surname}`;
  else if (draw < 0.67) name = `${word} ${place}`;
  else if (draw < 0.77) name = `Groupe ${surname}-${quebecSurname(random)}`;
  else if (draw < 0.87)
    name = `${anySurname(random)} ${englishCompanyWords[Math.floor(random.next() * englishCompanyWords.length)]!}`;
  else if (draw < 0.94) name = `${word} ${surname} et associés`;
  else name = `${place} ${word}`;
  return form ? `${name} ${form}` : name;
}
