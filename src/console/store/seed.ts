import type { RecordStore } from './record-store.js';

/**
 * Sample data for a new console: people and companies to call and be called by. Two contacts share a
 * switchboard number so a call from it matches several records.
 */
export function seedRecords(store: RecordStore): void {
  const acme = store.create('Account', { Name: 'Acme Robotics', AccountNumber: 'ACME-0042', Phone: '(415) 555-0100', Industry: 'Manufacturing', Type: 'Customer', Website: 'https://acme.example', BillingCity: 'San Francisco' });
  const globex = store.create('Account', { Name: 'Globex Corporation', AccountNumber: 'GLX-0175', Phone: '+1 212 555 0175', Industry: 'Finance', Type: 'Customer', BillingCity: 'New York' });
  const initech = store.create('Account', { Name: 'Initech', Phone: '512-555-0131', Industry: 'Technology', Type: 'Prospect', BillingCity: 'Austin' });
  const umbrella = store.create('Account', { Name: 'Umbrella Health', Phone: '+44 20 7946 0958', Industry: 'Healthcare', Type: 'Partner', BillingCity: 'London' });

  const maria = store.create('Contact', { FirstName: 'Maria', LastName: 'Chen', Title: 'VP Operations', AccountId: acme, Phone: '(415) 555-0142', MobilePhone: '+1 415 555 0143', Email: 'maria.chen@acme.example', MailingCity: 'San Francisco' });
  store.create('Contact', { FirstName: 'David', LastName: 'Okafor', Title: 'Support Lead', AccountId: acme, Phone: '415.555.0199', Email: 'david.okafor@acme.example', MailingCity: 'San Francisco' });
  store.create('Contact', { FirstName: 'Priya', LastName: 'Raman', Title: 'Facilities Manager', AccountId: acme, Phone: '(415) 555-0199', Email: 'priya.raman@acme.example', MailingCity: 'Oakland' });
  const tom = store.create('Contact', { FirstName: 'Tom', LastName: 'Becker', Title: 'CFO', AccountId: globex, Phone: '+1 212-555-0188', Email: 'tom.becker@globex.example', MailingCity: 'New York' });
  store.create('Contact', { FirstName: 'Aiko', LastName: 'Tanaka', Title: 'Procurement', AccountId: globex, MobilePhone: '+1 (646) 555-0110', Email: 'aiko.tanaka@globex.example', MailingCity: 'Brooklyn' });
  store.create('Contact', { FirstName: 'Sofia', LastName: 'Alvarez', Title: 'CTO', AccountId: initech, Phone: '512 555 0167', Email: 'sofia.alvarez@initech.example', MailingCity: 'Austin' });
  store.create('Contact', { FirstName: 'James', LastName: "O'Neil", Title: 'Clinical Director', AccountId: umbrella, Phone: '+44 20 7946 0321', Email: 'james.oneil@umbrella.example', MailingCity: 'London' });

  store.create('Lead', { FirstName: 'Liam', LastName: 'Novak', Company: 'Northwind Traders', Status: 'Open - Not Contacted', Phone: '(303) 555-0123', Email: 'liam@northwind.example' });
  store.create('Lead', { FirstName: 'Noah', LastName: 'Patel', Company: 'Contoso', Status: 'Working - Contacted', Phone: '617-555-0150', Email: 'noah.patel@contoso.example' });
  store.create('Lead', { FirstName: 'Emma', LastName: 'Schultz', Company: 'Fabrikam GmbH', Status: 'Open - Not Contacted', MobilePhone: '+49 30 901820', Email: 'emma@fabrikam.example' });

  store.create('Case', { Subject: 'Robot arm calibration fails after firmware 4.2', Status: 'Working', Priority: 'High', Origin: 'Phone', ContactId: maria, AccountId: acme, Description: 'Arm drifts 3 mm on the Y axis after the update.' });
  store.create('Case', { Subject: 'Invoice 2291 charged twice', Status: 'New', Priority: 'Medium', Origin: 'Email', ContactId: tom, AccountId: globex });
}
